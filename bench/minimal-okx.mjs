// The floor for one query: what a person would write by hand to see an OKX
// balance — one signed GET with node:crypto and the built-in fetch, the JSON
// printed. No validation, no exact decimals, no second request.
import { createHmac } from 'node:crypto';

const { OKX_API_KEY, OKX_API_SECRET, OKX_API_PASSPHRASE, OKX_BASE_URL = 'https://www.okx.com' } = process.env;
const path = '/api/v5/account/balance';
const timestamp = new Date().toISOString();
const signature = createHmac('sha256', OKX_API_SECRET).update(`${timestamp}GET${path}`).digest('base64');

const response = await fetch(`${OKX_BASE_URL}${path}`, {
  headers: {
    'OK-ACCESS-KEY': OKX_API_KEY,
    'OK-ACCESS-SIGN': signature,
    'OK-ACCESS-TIMESTAMP': timestamp,
    'OK-ACCESS-PASSPHRASE': OKX_API_PASSPHRASE,
  },
});
const body = await response.json();
console.log(JSON.stringify(body));
if (!response.ok || body.code !== '0') process.exitCode = 1;

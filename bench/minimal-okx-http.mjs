// The honest floor for one query: what a careful person writes by hand to see
// an OKX balance — one signed GET with node:crypto, sent with node:http or
// node:https (by the base URL's scheme; not fetch, which costs a fresh process
// some 150 ms to load), the JSON printed. No validation, no exact decimals, no
// second request.
import { createHmac } from 'node:crypto';

const { OKX_API_KEY, OKX_API_SECRET, OKX_API_PASSPHRASE, OKX_BASE_URL = 'https://www.okx.com' } = process.env;
const path = '/api/v5/account/balance';
const url = new URL(path, OKX_BASE_URL);
const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
const timestamp = new Date().toISOString();
const signature = createHmac('sha256', OKX_API_SECRET).update(`${timestamp}GET${path}`).digest('base64');

const outgoing = request(url, {
  headers: {
    'OK-ACCESS-KEY': OKX_API_KEY,
    'OK-ACCESS-SIGN': signature,
    'OK-ACCESS-TIMESTAMP': timestamp,
    'OK-ACCESS-PASSPHRASE': OKX_API_PASSPHRASE,
  },
});
outgoing.on('response', async (response) => {
  let text = '';
  response.setEncoding('utf8');
  for await (const chunk of response) text += chunk;
  const body = JSON.parse(text);
  console.log(JSON.stringify(body));
  if (response.statusCode !== 200 || body.code !== '0') process.exitCode = 1;
});
outgoing.on('error', (error) => {
  console.error(error.message);
  process.exitCode = 1;
});
outgoing.end();

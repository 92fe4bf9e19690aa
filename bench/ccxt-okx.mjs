// What people would otherwise write: ccxt's fetchBalance for OKX, pointed at
// the bench's local server. Copied next to a temporary ccxt install and run
// there (ccxt never enters the project). ccxt loads its markets first, so it
// makes seven requests: asset/currencies, five public/instruments, then
// account/balance.
import ccxt from 'ccxt';

const exchange = new ccxt.okx({
  apiKey: process.env.OKX_API_KEY,
  secret: process.env.OKX_API_SECRET,
  password: process.env.OKX_API_PASSPHRASE,
});
exchange.urls.api = { rest: process.env.OKX_BASE_URL };
const balance = await exchange.fetchBalance();
console.log(JSON.stringify(balance.total));

// Stands in for the `debug` package inside the bundle. The proxy agents log
// through it when DEBUG is set, and what they log includes the proxy's URL
// with its password; balance has its own --debug, which never prints a secret.
// So DEBUG=* prints nothing of theirs.
'use strict';

function createDebug() {
  const log = () => undefined;
  log.enabled = false;
  log.extend = () => createDebug();
  return log;
}
createDebug.enable = () => undefined;
createDebug.disable = () => '';
createDebug.enabled = () => false;

module.exports = createDebug;
module.exports.default = createDebug;

// Built-in sample: the example response of GET /api/v5/account/balance from the
// OKX docs (also test/fixtures/okx/account-balance.json), run through the real
// schema and mapping. The docs give no max-withdrawal example, so withdrawable
// amounts are unknown (null).
import type { Account } from '../../base/model.js';
import { parseJson } from '../../base/json.js';
import { validate } from '../../net/response.js';
import { mapAccount } from './map.js';
import { balanceBody } from './schema.js';

export const SAMPLE_BALANCE_RESPONSE = `{
  "code": "0",
  "data": [
    {
      "adjEq": "55415.624719833286",
      "availEq": "55415.624719833286",
      "borrowFroz": "0",
      "delta": "0",
      "deltaLever": "0",
      "deltaNeutralStatus": "0",
      "details": [
        {
          "autoLendStatus": "off",
          "autoLendMtAmt": "0",
          "availBal": "4834.317093622894",
          "availEq": "4834.3170936228935",
          "borrowFroz": "0",
          "cashBal": "4850.435693622894",
          "ccy": "USDT",
          "crossLiab": "0",
          "colRes": "0",
          "collateralEnabled": false,
          "collateralRestrict": false,
          "colBorrAutoConversion": "0",
          "disEq": "4991.542013297616",
          "eq": "4992.890093622894",
          "eqUsd": "4991.542013297616",
          "smtSyncEq": "0",
          "spotCopyTradingEq": "0",
          "fixedBal": "0",
          "frozenBal": "158.573",
          "frpType": "0",
          "imr": "",
          "interest": "0",
          "isoEq": "0",
          "isoLiab": "0",
          "isoUpl": "0",
          "liab": "0",
          "maxLoan": "0",
          "mgnRatio": "",
          "mmr": "",
          "notionalLever": "",
          "ordFrozen": "0",
          "rewardBal": "0",
          "spotInUseAmt": "",
          "clSpotInUseAmt": "",
          "maxSpotInUse": "",
          "spotIsoBal": "0",
          "stgyEq": "150",
          "twap": "0",
          "uTime": "1705449605015",
          "upl": "-7.545600000000006",
          "uplLiab": "0",
          "spotBal": "",
          "openAvgPx": "",
          "accAvgPx": "",
          "spotUpl": "",
          "spotUplRatio": "",
          "totalPnl": "",
          "totalPnlRatio": ""
        }
      ],
      "imr": "0",
      "isoEq": "0",
      "mgnRatio": "",
      "mmr": "0",
      "notionalUsd": "0",
      "notionalUsdForBorrow": "0",
      "notionalUsdForFutures": "0",
      "notionalUsdForOption": "0",
      "notionalUsdForSwap": "0",
      "ordFroz": "",
      "totalEq": "55837.43556134779",
      "uTime": "1705474164160",
      "upl": "0"
    }
  ],
  "msg": ""
}
`;

export function sampleAccounts(): Account[] {
  const body = validate('OKX', balanceBody, parseJson(SAMPLE_BALANCE_RESPONSE), 'sample balance response');
  return body.data.map((account) => mapAccount(account, []));
}

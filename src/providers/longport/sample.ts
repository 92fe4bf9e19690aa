// Built-in sample data: the documented example responses, verbatim, read
// through the same schema and mapping as a live answer.

/** Seed 000: the example response of GET /v1/asset/account (Longport docs). */
export const ACCOUNT_EXAMPLE = `{
  "code": 0,
  "data": {
    "list": [
      {
        "total_cash": "1759070010.72",
        "max_finance_amount": "977582000",
        "remaining_finance_amount": "0",
        "risk_level": "1",
        "margin_call": "2598051051.50",
        "currency": "HKD",
        "net_assets": "24145.90",
        "init_margin": "1540.09",
        "maintenance_margin": "1540.09",
        "buy_power": "1759070.12",
        "cash_infos": [
          {
            "withdraw_cash": "97592.30",
            "available_cash": "195902464.37",
            "frozen_cash": "11579339.13",
            "settling_cash": "207288537.81",
            "currency": "HKD"
          },
          {
            "withdraw_cash": "199893416.74",
            "available_cash": "199893416.74",
            "frozen_cash": "28723.76",
            "settling_cash": "-276806.51",
            "currency": "USD"
          }
        ]
      }
    ]
  }
}
`;

/** Seed 001: the example of GET /v1/trade/asset/GetAccountCashInfo (Longbridge, 2022). */
export const LEGACY_ACCOUNT_EXAMPLE = `{
        "list": [{
                "total_cash": "1759070010.72",
                "max_finance_amount": "977582000",
                "remaining_finance_amount": "0",
                "risk_level": "1",
                "margin_call": "2598051051.50",
                "currency": "HKD",
                "cashInfos": [{
                        "withdraw_cash": "97592.30",
                        "available_cash": "195902464.37",
                        "frozen_cash": "11579339.13",
                        "settling_cash": "207288537.81",
                        "currency": "HKD"
                }, {
                        "withdraw_cash": "199893416.74",
                        "available_cash": "199893416.74",
                        "frozen_cash": "28723.76",
                        "settling_cash": "-276806.51",
                        "currency": "USD"
                }]
        }]
}
`;

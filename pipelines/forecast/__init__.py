"""Statistical forecasts: the engine that picks a model per series by backtest (engine) and `wimi forecast` on any
CSV series (file). The build step that forecasts the caseload is pipelines/models/forecast.py."""

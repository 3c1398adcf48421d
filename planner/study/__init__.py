"""Studies over many solves of one workbook: sweeps, batches of scenarios, their tidy tables."""

"""accplan's LP assembled with numpy, row for row and column for column as compiling the Pyomo
model gives it (moved from the benchmark's floor)."""

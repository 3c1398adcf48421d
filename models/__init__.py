"""The optimisation model: typed data in, Pyomo model, solution out. Knows nothing of Excel.

The public surface is :class:`~models.data.ModelData`, :func:`~models.build.build_model`,
:func:`~models.solve.solve` and :class:`~models.result.SolveResult`. The mathematics is written
down in ``models/FORMULATION.md`` with the same names as the code.
"""

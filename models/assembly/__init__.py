"""accplan's LP assembled with numpy from :class:`~models.data.ModelData`, row for row and
column for column as compiling the Pyomo model gives it (:mod:`models.matrix`).

:func:`models.assembly.arrays.lp_arrays` gives the bare arrays (the benchmark's floor);
:mod:`models.assembly.coverage` says which data the assembly covers.
"""

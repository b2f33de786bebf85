"""Reference values for SquareMatrixCholeskyTests (Tests/FittingTests/CholeskyAndQuantileTests.swift):
numpy's Cholesky factor of a covariance-like 4x4 matrix, and numpy's default (type 7, 'linear')
quantiles of a small sample."""
import numpy as np

np.set_printoptions(precision=17)
a = np.array([
    [4.0, 1.2, -0.6, 0.3],
    [1.2, 2.5, 0.4, -0.2],
    [-0.6, 0.4, 1.8, 0.5],
    [0.3, -0.2, 0.5, 1.1],
])
print("L =", repr(np.linalg.cholesky(a).tolist()))
x = np.array([3.1, -0.4, 7.25, 2.0, 5.5, 0.9])
for u in [0.0, 0.1, 0.25, 0.5, 0.9, 1.0]:
    print(u, repr(float(np.quantile(x, u))))

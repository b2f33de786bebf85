"""Reference values for DeltaMethodTests.swift: delta-method standard errors and a reparametrised
covariance J Sigma J^T, with gradients and Jacobians written out analytically (numpy only).

Run: python3 delta_method.py
"""
import numpy as np

theta = np.array([1.2, 0.8, 3.5])
cov = np.array([[0.040, -0.010, 0.006],
                [-0.010, 0.090, -0.020],
                [0.006, -0.020, 0.250]])
assert np.all(np.linalg.eigvalsh(cov) > 0)

# Doubling time ln 2 / theta1.
g = np.log(2) / theta[1]
grad = np.array([0.0, -np.log(2) / theta[1] ** 2, 0.0])
print("doubling time:", repr(float(g)), "se:", repr(float(np.sqrt(grad @ cov @ grad))))

# g2 = theta0 * exp(2 theta1) / theta2
g2 = theta[0] * np.exp(2 * theta[1]) / theta[2]
grad2 = np.array([np.exp(2 * theta[1]) / theta[2],
                  2 * theta[0] * np.exp(2 * theta[1]) / theta[2],
                  -theta[0] * np.exp(2 * theta[1]) / theta[2] ** 2])
print("g2:", repr(float(g2)), "se:", repr(float(np.sqrt(grad2 @ cov @ grad2))))

# Reported phi = (theta0, exp(theta1), 1950 + exp(theta2)).
t_last = 1950.0
phi = np.array([theta[0], np.exp(theta[1]), t_last + np.exp(theta[2])])
J = np.diag([1.0, np.exp(theta[1]), np.exp(theta[2])])
C = J @ cov @ J.T
se = np.sqrt(np.diag(C))
corr = C / np.outer(se, se)
print("phi:", [repr(float(v)) for v in phi])
print("se:", [repr(float(v)) for v in se])
print("corr01, corr02, corr12:", repr(float(corr[0, 1])), repr(float(corr[0, 2])), repr(float(corr[1, 2])))

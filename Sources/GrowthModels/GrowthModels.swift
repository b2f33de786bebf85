/// The domain layer of gdpfit: historical series, curated datasets, growth models, eras, breaks and
/// the hyperbolic-growth test, built on `Fitting`. See README.md beside this file.
import Fitting

"""Production settings for the benchmark, with one difference: static files are stored compressed
but without the hashed manifest. The manifest post-processing of collectstatic currently fails
(static/vendor/bootstrap/bootstrap.bundle.min.js names a source map that is not vendored), and
static files are not what the benchmark measures."""

from cppcc.settings.production import *  # noqa: F403
from cppcc.settings.production import STORAGES

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}

"""The one place that says where the course lives. Badges and the Colab set-up
cell are generated from these values by tools/build_lessons.py, the website's launch
buttons and address by tools/site.py: change them here, run `make lessons`, and every
notebook follows."""

GITHUB_REPO = "feature-maps-course/flatten-and-global-pooling"  # owner/name on GitHub
BRANCH = "main"
TITLE = "From feature maps to decisions: Flatten, shape math and global pooling in Keras"


def repo_url() -> str:
    return f"https://github.com/{GITHUB_REPO}"


def zip_url() -> str:
    """The whole course as one zip file (what a downloaded notebook needs beside it: utils/)."""
    return f"{repo_url()}/archive/refs/heads/{BRANCH}.zip"


def colab_url(path: str) -> str:
    """Open ``path`` (e.g. lessons/02_flatten.ipynb) from GitHub in Colab."""
    return f"https://colab.research.google.com/github/{GITHUB_REPO}/blob/{BRANCH}/{path}"


def binder_url(path: str) -> str:
    """Build the repo on Binder and open ``path`` in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{GITHUB_REPO}/{BRANCH}?urlpath=lab/tree/{path}"


def pages_url() -> str:
    """The course website on GitHub Pages (``make site``, published by .github/workflows/site.yml)."""
    owner, name = GITHUB_REPO.split("/")
    return f"https://{owner.lower()}.github.io/{name}/"

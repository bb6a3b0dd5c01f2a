"""Exercise checks: judge an answer by its properties and explain the verdict.

``utils.checks.core`` holds the machinery (CheckResult, strict mode, generic checks
of values, shapes, functions and models); ``utils.checks.lessonNN`` holds each
lesson's checks. Everything public is available here, so a notebook writes::

    from utils import checks
    checks.check_lesson02_flat_length(answer)
"""

from utils.checks.core import *  # noqa: F403
from utils.checks.core import __all__ as _core_all
from utils.checks.lesson00 import *  # noqa: F403
from utils.checks.lesson00 import __all__ as _l00
from utils.checks.lesson01 import *  # noqa: F403
from utils.checks.lesson01 import __all__ as _l01
from utils.checks.lesson02 import *  # noqa: F403
from utils.checks.lesson02 import __all__ as _l02
from utils.checks.lesson03 import *  # noqa: F403
from utils.checks.lesson03 import __all__ as _l03
from utils.checks.lesson04 import *  # noqa: F403
from utils.checks.lesson04 import __all__ as _l04
from utils.checks.lesson05 import *  # noqa: F403
from utils.checks.lesson05 import __all__ as _l05
from utils.checks.lesson06 import *  # noqa: F403
from utils.checks.lesson06 import __all__ as _l06
from utils.checks.lesson07 import *  # noqa: F403
from utils.checks.lesson07 import __all__ as _l07

__all__ = [*_core_all, *_l00, *_l01, *_l02, *_l03, *_l04, *_l05, *_l06, *_l07]

# One file per API area; each is a thin layer over model methods.
from . import account
from . import address
from . import catalog
from . import content
from . import favorite
from . import image
from . import privacy
from . import review
from . import search
from . import store
from . import system

# One file per API area; each is a thin layer over model methods.
from . import account
from . import address
from . import aftersale
from . import catalog
from . import content
from . import favorite
from . import image
from . import logistics
from . import privacy
from . import review
from . import search
from . import store
from . import system
from . import cart
from . import order
from . import faq
from . import weixin_push

"""Matrix rows of members/channels: sign-in by phone code (public) and the staff's second factor."""

from tests.security.matrix import Row

ROWS = [
    Row("login_phone", "200 200 200 200 200 200 200"),
    # staff without a device are sent on to the setup page; other roles have no second factor here
    Row("two_factor_verify", "302 403 403 403 403 302 403"),
    Row("two_factor_setup", "302 403 403 403 403 200 403", post="302 403 403 403 403 200 403"),
]

"""Issuer keys: Ed25519 generated and used through joserfc/cryptography, private halves encrypted at rest.

The private key is stored as PKCS#8 PEM encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from
``cryptography``) under a key derived by HKDF from ``settings.INNOVET_BADGE_KEY_SECRET`` (defaults to
the Django secret key). A database dump alone therefore cannot sign badges. Rotating the Django
secret key without setting INNOVET_BADGE_KEY_SECRET to the old value makes the private keys unreadable:
earlier awards still verify (public keys are stored in the clear), new awards need a new key.
"""

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from joserfc.jwk import OKPKey

# RFC 9864's fully specified JOSE name for Ed25519 ("EdDSA" is deprecated); both are accepted on input.
ALGORITHM = "Ed25519"
ACCEPTED_ALGORITHMS = ["Ed25519", "EdDSA"]


def _fernet():
    secret = getattr(settings, "INNOVET_BADGE_KEY_SECRET", "") or settings.SECRET_KEY
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"innovet-badges-issuer-keys").derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def generate():
    """A new key pair: (kid, public JWK dict, encrypted private key text)."""
    key = OKPKey.generate_key("Ed25519")
    public = key.as_dict(private=False)
    kid = key.thumbprint()  # RFC 7638: derived from the public key, so it names the key everywhere
    public.update({"kid": kid, "alg": ALGORITHM, "use": "sig"})
    encrypted = _fernet().encrypt(key.as_pem(private=True)).decode()
    return kid, public, encrypted


def private_key(issuer_key):
    return OKPKey.import_key(_fernet().decrypt(issuer_key.private_key_encrypted.encode()))


def public_key(public_jwk):
    return OKPKey.import_key({k: public_jwk[k] for k in ("kty", "crv", "x")})

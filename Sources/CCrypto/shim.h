// SHA-256 from Debian's libcrypto (OpenSSL 3): hardware-accelerated, used to content-address raw uploads.
#include <openssl/evp.h>
#include <openssl/sha.h>

// Shim over Debian's libhdf5 (serial, 1.10), the zlib its deflate filter uses, and libdeflate
// (the faster inflate of the store's chunks: `ip_inflate`). Swift cannot import HDF5's
// function-like macros (H5T_NATIVE_*, the property-list classes) nor H5S_UNLIMITED, and imports
// H5P_DEFAULT as Int32 rather than hid_t. These static inline functions return them with the
// right types.
#ifndef IMMUNOPIPE_CHDF5_SHIM_H
#define IMMUNOPIPE_CHDF5_SHIM_H
#include <hdf5.h>
#include <string.h>
#include <zlib.h>
#include <libdeflate.h>

static inline hid_t ip_P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t ip_S_ALL(void) { return H5S_ALL; }
static inline hsize_t ip_S_UNLIMITED(void) { return H5S_UNLIMITED; }
static inline size_t ip_VARIABLE(void) { return H5T_VARIABLE; }

static inline hid_t ip_P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t ip_P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t ip_P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t ip_P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline hid_t ip_P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t ip_P_DATASET_XFER(void) { return H5P_DATASET_XFER; }
static inline hid_t ip_P_ATTRIBUTE_CREATE(void) { return H5P_ATTRIBUTE_CREATE; }

static inline unsigned ip_F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned ip_F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned ip_F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned ip_F_ACC_EXCL(void) { return H5F_ACC_EXCL; }

static inline hid_t ip_T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t ip_T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t ip_T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }
static inline hid_t ip_T_NATIVE_INT16(void) { return H5T_NATIVE_INT16; }
static inline hid_t ip_T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t ip_T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t ip_T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t ip_T_NATIVE_HBOOL(void) { return H5T_NATIVE_HBOOL; }
static inline hid_t ip_T_C_S1(void) { return H5T_C_S1; }
/// File (on-disk) types: little-endian, as h5py writes them.
static inline hid_t ip_T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t ip_T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t ip_T_STD_I8LE(void) { return H5T_STD_I8LE; }
static inline hid_t ip_T_STD_I16LE(void) { return H5T_STD_I16LE; }
static inline hid_t ip_T_STD_I32LE(void) { return H5T_STD_I32LE; }
static inline hid_t ip_T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t ip_T_STD_U8LE(void) { return H5T_STD_U8LE; }

/// Stops HDF5 printing its error stack to stderr: every failure becomes a Swift error instead.
static inline void ip_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/// The thread-safe library keeps the error-printing setting per thread: switch it off once on
/// every thread that calls HDF5.
static __thread int ip_thread_silenced = 0;
static inline void ip_ensure_silenced(void) {
    if (!ip_thread_silenced) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); ip_thread_silenced = 1; }
}

typedef struct { char *buf; size_t cap; size_t len; } ip_error_text;

static herr_t ip_error_walk(unsigned n, const H5E_error2_t *err, void *data) {
    ip_error_text *t = (ip_error_text *)data;
    char line[512];
    const char *desc = err->desc ? err->desc : "";
    int k = snprintf(line, sizeof line, "#%03u %s line %u in %s(): %s\n", n,
                     err->file_name ? err->file_name : "?", err->line,
                     err->func_name ? err->func_name : "?", desc);
    if (k < 0) return 0;
    size_t want = (size_t)k;
    if (t->len + want + 1 > t->cap) want = t->cap > t->len + 1 ? t->cap - t->len - 1 : 0;
    memcpy(t->buf + t->len, line, want);
    t->len += want;
    t->buf[t->len] = 0;
    return 0;
}

/// Copies the current thread's HDF5 error stack into `buf` (innermost first) and clears it.
static inline size_t ip_take_error_stack(char *buf, size_t cap) {
    ip_error_text t = { buf, cap, 0 };
    if (cap > 0) buf[0] = 0;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, ip_error_walk, &t);
    H5Eclear2(H5E_DEFAULT);
    return t.len;
}

/// Writes an already-filtered chunk (HDF5 ≥ 1.10.2). `filter_mask` has bit i set when filter i
/// of the dataset's pipeline was skipped for this chunk (as HDF5 does when an optional filter
/// such as deflate would not shrink it).
static inline herr_t ip_write_chunk(hid_t dset, const hsize_t *offset, uint32_t filter_mask, size_t size, const void *buf) {
    return H5Dwrite_chunk(dset, H5P_DEFAULT, filter_mask, offset, size, buf);
}

/// Caps the metadata cache of files opened with `fapl` (B-tree nodes, object headers, the
/// global heaps of variable-length strings) at `max_bytes`, so writing a large file does not
/// grow it to the library's 32 MiB default.
static inline herr_t ip_limit_metadata_cache(hid_t fapl, size_t max_bytes) {
    H5AC_cache_config_t c;
    memset(&c, 0, sizeof c);
    c.version = H5AC__CURR_CACHE_CONFIG_VERSION;
    if (H5Pget_mdc_config(fapl, &c) < 0) return -1;
    c.set_initial_size = 1;
    c.initial_size = max_bytes < c.initial_size ? max_bytes : c.initial_size;
    c.max_size = max_bytes;
    if (c.min_size > max_bytes) c.min_size = max_bytes;
    if (c.initial_size < c.min_size) c.initial_size = c.min_size;
    return H5Pset_mdc_config(fapl, &c);
}

/// Adler-32 of `len` bytes continuing from `adler` (1 to start): zlib's `adler32`, 16 bytes at a
/// time with SSE2 where the machine has it. zlib's own loop is scalar, and the checksum of each
/// chunk it deflates was a seventh of the report's writer thread (docs/performance.md).
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
static inline uLong ip_adler32(uLong adler, const unsigned char *buf, size_t len) {
    const uint32_t base = 65521; /* largest prime below 2^16 */
    const size_t nmax = 5552;    /* bytes before the sums must be reduced, as in zlib */
    uint64_t s1 = adler & 0xffff, s2 = (adler >> 16) & 0xffff;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    /* Weights 16..1 of a block's bytes in the second sum, as 16-bit lanes. */
    const __m128i wlo = _mm_setr_epi16(16, 15, 14, 13, 12, 11, 10, 9), whi = _mm_setr_epi16(8, 7, 6, 5, 4, 3, 2, 1);
    while (len >= 16) {
        size_t n = len < nmax ? len : nmax;
        n -= n % 16;
        len -= n;
        size_t blocks = n / 16;
        /* Per block: the first sum's partial (running, and summed over blocks before each
           block for the second sum) and the weighted bytes. */
        __m128i v1 = zero, vprior = zero, v2 = zero;
        for (size_t b = 0; b < blocks; b++, buf += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)buf);
            vprior = _mm_add_epi32(vprior, v1);
            v1 = _mm_add_epi32(v1, _mm_sad_epu8(x, zero));
            v2 = _mm_add_epi32(v2, _mm_madd_epi16(_mm_unpacklo_epi8(x, zero), wlo));
            v2 = _mm_add_epi32(v2, _mm_madd_epi16(_mm_unpackhi_epi8(x, zero), whi));
        }
        uint32_t a[4], p[4], c[4];
        _mm_storeu_si128((__m128i *)a, v1);
        _mm_storeu_si128((__m128i *)p, vprior);
        _mm_storeu_si128((__m128i *)c, v2);
        uint64_t sum1 = (uint64_t)a[0] + a[2], prior = (uint64_t)p[0] + p[2];
        uint64_t weighted = (uint64_t)c[0] + c[1] + c[2] + c[3];
        s2 = (s2 + 16 * (blocks * s1 + prior) + weighted) % base;
        s1 = (s1 + sum1) % base;
    }
#endif
    while (len > 0) {
        size_t n = len < nmax ? len : nmax;
        len -= n;
        while (n--) {
            s1 += *buf++;
            s2 += s1;
        }
        s1 %= base;
        s2 %= base;
    }
    return (uLong)((s2 << 16) | s1);
}

#if defined(__SSE2__)
/// `rounds` rounds of byte interleaving over `size` registers (4 or 8): register k with register
/// k + size/2, low halves into 2k, high halves into 2k + 1. Shuffling and unshuffling are both
/// this, with more or fewer rounds.
static inline void ip_interleave_bytes(__m128i *r, const size_t size, const int rounds) {
    __m128i t[8];
    for (int round = 0; round < rounds; round++) {
        for (size_t k = 0; k < size / 2; k++) {
            t[2 * k] = _mm_unpacklo_epi8(r[k], r[k + size / 2]);
            t[2 * k + 1] = _mm_unpackhi_epi8(r[k], r[k + size / 2]);
        }
        for (size_t k = 0; k < size; k++) r[k] = t[k];
    }
}
#endif

/// HDF5's byte shuffle (byte j of element i to `dst[j * count + i]`) of the first whole blocks
/// of 16 elements of 4 or 8 bytes, with SSE2: 16 elements in `size` registers, four rounds of
/// byte interleaving (register k with register k + size/2, low and high halves) leave byte
/// plane j in register j, its 16 elements in order. Returns how many elements were shuffled;
/// the caller shuffles the rest (and every other element size) byte by byte. Byte by byte,
/// shuffling and unshuffling were 3 % of a report's CPU (docs/performance.md).
static inline size_t ip_shuffle_blocks_of(const unsigned char *src, unsigned char *dst, size_t count, const size_t size) {
#if defined(__SSE2__)
    size_t done = 0;
    for (; done + 16 <= count; done += 16) {
        __m128i r[8];
        for (size_t k = 0; k < size; k++) r[k] = _mm_loadu_si128((const __m128i *)(src + done * size + 16 * k));
        ip_interleave_bytes(r, size, 4);
        for (size_t k = 0; k < size; k++) _mm_storeu_si128((__m128i *)(dst + k * count + done), r[k]);
    }
    return done;
#else
    (void)src; (void)dst; (void)count; (void)size;
    return 0;
#endif
}

static inline size_t ip_shuffle_blocks(const void *src, void *dst, size_t count, size_t size) {
    if (size == 8) return ip_shuffle_blocks_of((const unsigned char *)src, (unsigned char *)dst, count, 8);
    if (size == 4) return ip_shuffle_blocks_of((const unsigned char *)src, (unsigned char *)dst, count, 4);
    return 0;
}

/// The inverse of `ip_shuffle_blocks` for the first `count` elements of planes `plane` bytes
/// long: the same interleaving, three rounds for 8-byte elements and two for 4-byte ones,
/// turns 16 elements' planes back into the elements, in order. Returns how many were done.
static inline size_t ip_unshuffle_blocks_of(
    const unsigned char *src, size_t plane, unsigned char *dst, size_t count, const size_t size, const int rounds) {
#if defined(__SSE2__)
    size_t done = 0;
    for (; done + 16 <= count; done += 16) {
        __m128i r[8];
        for (size_t k = 0; k < size; k++) r[k] = _mm_loadu_si128((const __m128i *)(src + k * plane + done));
        ip_interleave_bytes(r, size, rounds);
        for (size_t k = 0; k < size; k++) _mm_storeu_si128((__m128i *)(dst + done * size + 16 * k), r[k]);
    }
    return done;
#else
    (void)src; (void)plane; (void)dst; (void)count; (void)size; (void)rounds;
    return 0;
#endif
}

static inline size_t ip_unshuffle_blocks(const void *src, size_t plane, void *dst, size_t count, size_t size) {
    if (size == 8) return ip_unshuffle_blocks_of((const unsigned char *)src, plane, (unsigned char *)dst, count, 8, 3);
    if (size == 4) return ip_unshuffle_blocks_of((const unsigned char *)src, plane, (unsigned char *)dst, count, 4, 2);
    return 0;
}

/// zlib's deflate into `dst` (capacity `*dst_len`, set to the bytes written) as one zlib stream:
/// `compress2`, exactly what HDF5's deflate filter runs. Returns Z_OK, or Z_BUF_ERROR when the
/// output does not fit. (Runs and near-random bytes, such as shuffled floating-point values, go
/// through `ip_deflate_runs` instead.)
///
/// zlib deflates the data raw and the stream's header and Adler-32 trailer are written here
/// (`ip_adler32`): the same bytes zlib writes (its header's level bits as `deflateInit2`
/// sets them), with the checksum computed by `ip_adler32` (the report's checksum samples fell
/// by about two thirds, docs/performance.md).
/// A zlib stream's two header bytes as deflate() writes them for windowBits 15: CMF 0x78, then
/// FLG with the level bits and the check that makes the pair a multiple of 31.
static inline void ip_zlib_header(unsigned char *out, int level) {
    int effective = level == Z_DEFAULT_COMPRESSION ? 6 : level;
    unsigned flags = effective < 2 ? 0 : effective < 6 ? 1 : effective == 6 ? 2 : 3;
    unsigned header = (0x78u << 8) | (flags << 6);
    header += 31 - (header % 31);
    out[0] = (unsigned char)(header >> 8);
    out[1] = (unsigned char)(header & 0xff);
}

/// A zlib stream's trailer: the Adler-32 of the uncompressed bytes, most significant first.
static inline void ip_zlib_trailer(unsigned char *out, const void *src, size_t src_len) {
    uLong check = ip_adler32(1, (const unsigned char *)src, src_len);
    out[0] = (unsigned char)(check >> 24);
    out[1] = (unsigned char)(check >> 16);
    out[2] = (unsigned char)(check >> 8);
    out[3] = (unsigned char)check;
}

static inline int ip_deflate(const void *src, size_t src_len, void *dst, size_t *dst_len, int level) {
    if (*dst_len < 6) return Z_BUF_ERROR;
    z_stream s;
    memset(&s, 0, sizeof s);
    int r = deflateInit2(&s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    if (r != Z_OK) return r;
    s.next_in = (Bytef *)src;
    s.avail_in = (uInt)src_len;
    s.next_out = (Bytef *)dst + 2;
    s.avail_out = (uInt)(*dst_len - 6);
    r = deflate(&s, Z_FINISH);
    size_t body = (size_t)s.total_out;
    deflateEnd(&s);
    if (r != Z_STREAM_END) return Z_BUF_ERROR;
    unsigned char *out = (unsigned char *)dst;
    ip_zlib_header(out, level);
    ip_zlib_trailer(out + 2 + body, src, src_len);
    *dst_len = body + 6;
    return Z_OK;
}

/// One zlib stream (what HDF5's deflate filter stores, adler-32 checked) inflated into `dst`
/// (capacity `*dst_len`, set to the bytes written). Returns Z_OK or zlib's error, as
/// `uncompress` does: Z_BUF_ERROR when `dst` is too small, Z_DATA_ERROR for a damaged or cut
/// stream.
///
/// A whole stream that fits is inflated by libdeflate, which decodes the store's chunks 2.2
/// times as fast as zlib (literal-heavy byte planes of measured values: 450 against 200 MB/s);
/// inflating was a third of reading a store for a report. Anything libdeflate refuses is
/// inflated again by zlib (`ip_inflate_zlib`), so that every error is the one `uncompress`
/// gives: the two agree on every valid stream, and errors are rare.
static inline int ip_inflate_zlib(const void *src, size_t src_len, void *dst, size_t *dst_len);
static inline int ip_inflate(const void *src, size_t src_len, void *dst, size_t *dst_len) {
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    if (d) {
        size_t produced = 0;
        enum libdeflate_result r = libdeflate_zlib_decompress(d, src, src_len, dst, *dst_len, &produced);
        libdeflate_free_decompressor(d);
        if (r == LIBDEFLATE_SUCCESS) {
            *dst_len = produced;
            return Z_OK;
        }
    }
    return ip_inflate_zlib(src, src_len, dst, dst_len);
}

/// zlib's inflate of one zlib stream, answering as `uncompress` does (see `ip_inflate`). The
/// header is checked and the body inflated raw here, the checksum computed by `ip_adler32`
/// (zlib's scalar one was half the checksums' time in a report).
static inline int ip_inflate_zlib(const void *src, size_t src_len, void *dst, size_t *dst_len) {
    const unsigned char *in = (const unsigned char *)src;
    size_t room = *dst_len;
    *dst_len = 0;
    /* CMF: deflate with a window of at most 32 KiB; FLG: no preset dictionary; the pair a
       multiple of 31. */
    if (src_len < 2 || (in[0] & 0x0f) != Z_DEFLATED || (in[0] >> 4) > 7 || (in[1] & 0x20) != 0
        || ((in[0] << 8) | in[1]) % 31 != 0)
        return Z_DATA_ERROR;
    z_stream s;
    memset(&s, 0, sizeof s);
    int r = inflateInit2(&s, -15);
    if (r != Z_OK) return r;
    s.next_in = (Bytef *)in + 2;
    s.avail_in = (uInt)(src_len - 2);
    s.next_out = (Bytef *)dst;
    s.avail_out = (uInt)room;
    r = inflate(&s, Z_FINISH);
    size_t produced = (size_t)s.total_out, consumed = (size_t)s.total_in, left = (size_t)s.avail_out;
    inflateEnd(&s);
    *dst_len = produced;
    if (r == Z_STREAM_END) {
        /* A cut trailer: zlib's inflate would wait for more input, and `uncompress` reports
           that as a short buffer when the output is full, else as damage. */
        if (src_len - 2 - consumed < 4) return left == 0 ? Z_BUF_ERROR : Z_DATA_ERROR;
        const unsigned char *t = in + 2 + consumed;
        uLong stored = ((uLong)t[0] << 24) | ((uLong)t[1] << 16) | ((uLong)t[2] << 8) | (uLong)t[3];
        return stored == ip_adler32(1, (const unsigned char *)dst, produced) ? Z_OK : Z_DATA_ERROR;
    }
    if (r == Z_NEED_DICT) return Z_DATA_ERROR;
    /* Out of room: the caller's buffer is too small; out of input: the stream is cut. */
    if (r == Z_BUF_ERROR) return left == 0 ? Z_BUF_ERROR : Z_DATA_ERROR;
    return r;
}

/// Starts writing the file's dirty pages to disk without waiting for them (Linux's
/// `sync_file_range` with SYNC_FILE_RANGE_WRITE, which Glibc declares only under _GNU_SOURCE):
/// a large file written this way as it grows leaves little for the fsync that publishes it.
/// Returns 0, or -1 with errno set; 0 without doing anything where there is no such call.
#if defined(__linux__)
#include <sys/types.h>
/* Glibc's own prototype, types and all, so that it stands beside the header's where that is
   declared too. */
extern int sync_file_range(int __fd, __off64_t __offset, __off64_t __count, unsigned int __flags);
static inline int ip_start_writeback(int fd) { return sync_file_range(fd, 0, 0, 2 /* SYNC_FILE_RANGE_WRITE */); }
#else
static inline int ip_start_writeback(int fd) { (void)fd; return 0; }
#endif

/// The literal-and-run deflate encoder (`ip_deflate_runs`), which uses `ip_adler32`.
#include "run_deflate.h"
#endif

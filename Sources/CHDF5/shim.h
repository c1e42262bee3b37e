// Shim over Debian's libhdf5 (serial, 1.10) and the zlib its deflate filter uses: Swift cannot
// import HDF5's function-like macros (H5T_NATIVE_*, the property-list classes) nor H5S_UNLIMITED,
// and imports H5P_DEFAULT as Int32 rather than hid_t. These static inline functions return them
// with the right types.
#ifndef IMMUNOPIPE_CHDF5_SHIM_H
#define IMMUNOPIPE_CHDF5_SHIM_H
#include <hdf5.h>
#include <string.h>
#include <zlib.h>

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

/// zlib's deflate into `dst` (capacity `*dst_len`, set to the bytes written) as one zlib stream.
/// With `rle` = 0 this is `compress2`, exactly what HDF5's deflate filter runs; with `rle` = 1
/// zlib's run-length strategy (a valid deflate stream any reader inflates, faster and smaller
/// on floating-point data). Returns Z_OK, or Z_BUF_ERROR when the output does not fit.
static inline int ip_deflate(const void *src, size_t src_len, void *dst, size_t *dst_len, int level, int rle) {
    if (!rle) {
        uLongf n = (uLongf)*dst_len;
        int r = compress2((Bytef *)dst, &n, (const Bytef *)src, (uLong)src_len, level);
        *dst_len = (size_t)n;
        return r;
    }
    z_stream s;
    memset(&s, 0, sizeof s);
    int r = deflateInit2(&s, level, Z_DEFLATED, 15, 8, Z_RLE);
    if (r != Z_OK) return r;
    s.next_in = (Bytef *)src;
    s.avail_in = (uInt)src_len;
    s.next_out = (Bytef *)dst;
    s.avail_out = (uInt)*dst_len;
    r = deflate(&s, Z_FINISH);
    *dst_len = (size_t)s.total_out;
    deflateEnd(&s);
    return r == Z_STREAM_END ? Z_OK : Z_BUF_ERROR;
}

/// zlib's inflate of one zlib stream (what HDF5's deflate filter stores, adler-32 checked) into
/// `dst` (capacity `*dst_len`, set to the bytes written). Returns Z_OK or zlib's error.
static inline int ip_inflate(const void *src, size_t src_len, void *dst, size_t *dst_len) {
    uLongf n = (uLongf)*dst_len;
    int r = uncompress((Bytef *)dst, &n, (const Bytef *)src, (uLong)src_len);
    *dst_len = (size_t)n;
    return r;
}
#endif

// Shim over Debian's libhdf5 (serial, 1.10): Swift cannot import HDF5's function-like macros
// (H5T_NATIVE_*, the property-list classes) nor H5S_UNLIMITED, and imports H5P_DEFAULT as Int32
// rather than hid_t. These static inline functions return them with the right types.
#ifndef IMMUNOPIPE_CHDF5_SHIM_H
#define IMMUNOPIPE_CHDF5_SHIM_H
#include <hdf5.h>
#include <string.h>

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

/// Writes an already-compressed chunk (HDF5 ≥ 1.10.2), so chunks can be deflated on worker
/// threads outside HDF5's global lock.
static inline herr_t ip_write_chunk(hid_t dset, const hsize_t *offset, size_t size, const void *buf) {
    return H5Dwrite_chunk(dset, H5P_DEFAULT, 0, offset, size, buf);
}
#endif

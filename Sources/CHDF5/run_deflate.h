/* A deflate encoder of literals and runs (RFC 1950 and 1951), for chunks whose bytes repeat in
   runs rather than in patterns: shuffled floating-point values, whose byte planes are either
   runs (sign and exponent) or near-random bytes (the mantissa's low bytes). It writes what zlib's
   run-length strategy (Z_RLE) writes in kind, a zlib stream of Huffman-coded literals and
   matches at distance 1, readable by any inflater (h5py, HDF5's deflate filter), but:
   - one block per `segment` bytes (a byte plane), so each plane gets its own code;
   - a segment that Huffman coding would not shrink is stored as it is (a copy);
   - the bits are packed 64 at a time.
   zlib's deflate of the report's results table was a fifth of a CFB-only report's time, nearly
   all of it on the store's one writer thread (docs/performance.md). Included by shim.h after
   `ip_adler32` and the zlib header and trailer it writes (`ip_zlib_header`, `ip_zlib_trailer`). */
#ifndef IP_RUN_DEFLATE_H
#define IP_RUN_DEFLATE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Lengths 3..258 as length codes 257..285 (RFC 1951 3.2.5): each code's base length and its
   extra bits. */
static const uint16_t ipd_length_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                             31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t ipd_length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                             2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
/* The order in which the code-length code's lengths are sent. */
static const uint8_t ipd_code_length_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

/* The length code (0..28, for symbols 257..285) of a match of `length` bytes (3..258). */
static inline unsigned ipd_length_code(unsigned length) {
    if (length == 258) return 28;
    unsigned l = length - 3;
    if (l < 8) return l;
    unsigned bucket = 31 - (unsigned)__builtin_clz(l); /* 3..7 */
    return 4 * (bucket - 1) + ((l >> (bucket - 2)) & 3);
}

/* Huffman code lengths of `n` symbols (at most 320) with frequencies `freq`, none longer than
   `limit` bits: Huffman's construction over the used symbols, repeated with the frequencies
   halved (a used symbol keeps at least 1) until the deepest code fits. Unused symbols get 0. At
   least two symbols must be used, so that the code is complete. */
/* Sorts `n` keys in place (heapsort: no calls through a comparison function, which made
   `qsort` cost as much as coding a plane). */
static inline void ipd_sort(uint64_t *a, int n) {
    for (int start = n / 2 - 1, end = n; end > 1;) {
        int root;
        uint64_t x;
        if (start >= 0) {
            root = start--;
        } else {
            end--;
            x = a[end], a[end] = a[0], a[0] = x;
            root = 0;
        }
        x = a[root];
        for (int child; (child = 2 * root + 1) < end; root = child) {
            if (child + 1 < end && a[child + 1] > a[child]) child++;
            if (a[child] <= x) break;
            a[root] = a[child];
        }
        a[root] = x;
    }
}

static inline void ipd_code_lengths(const uint32_t *frequencies, int n, int limit, uint8_t *lengths) {
    uint32_t freq[320];
    memcpy(freq, frequencies, (size_t)n * sizeof freq[0]);
    for (;;) {
        /* Used symbols by weight (then symbol): the weight above, the symbol in the low bits. */
        uint64_t leaves[320];
        int m = 0;
        for (int s = 0; s < n; s++)
            if (freq[s]) leaves[m++] = (uint64_t)freq[s] << 16 | (uint64_t)s;
        memset(lengths, 0, (size_t)n);
        if (m < 2) { /* no code to build (callers use two symbols at least) */
            if (m == 1) lengths[leaves[0] & 0xffff] = 1;
            return;
        }
        ipd_sort(leaves, m);
        /* Nodes 0..m-1 are the leaves in order of weight, m.. the internal nodes in order of
           creation, whose weights never decrease: the two lightest are always at the front of
           one queue or the other. */
        uint64_t weight[640];
        int parent[640];
        for (int i = 0; i < m; i++) weight[i] = leaves[i] >> 16;
        int leaf = 0, inner = m, next = m;
        while (next < 2 * m - 1) {
            int pick[2];
            for (int k = 0; k < 2; k++)
                pick[k] = leaf < m && (inner >= next || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
            weight[next] = weight[pick[0]] + weight[pick[1]];
            parent[pick[0]] = parent[pick[1]] = next;
            next++;
        }
        uint8_t depth[640];
        depth[2 * m - 2] = 0;
        int deepest = 0;
        for (int i = 2 * m - 3; i >= 0; i--) {
            depth[i] = depth[parent[i]] + 1;
            if (i < m && depth[i] > deepest) deepest = depth[i];
        }
        if (deepest <= limit) {
            for (int i = 0; i < m; i++) lengths[leaves[i] & 0xffff] = depth[i];
            return;
        }
        for (int s = 0; s < n; s++)
            if (freq[s]) freq[s] = (freq[s] >> 1) | 1;
    }
}

/* The canonical codes of `lengths` (RFC 1951 3.2.2), bit-reversed: deflate sends a code's most
   significant bit first into a stream packed from each byte's least significant bit. */
static inline void ipd_canonical_codes(const uint8_t *lengths, int n, uint16_t *codes) {
    uint16_t count[16] = {0}, next[16] = {0};
    for (int s = 0; s < n; s++) count[lengths[s]]++;
    count[0] = 0;
    uint16_t code = 0;
    for (int bits = 1; bits <= 15; bits++) {
        code = (uint16_t)((code + count[bits - 1]) << 1);
        next[bits] = code;
    }
    for (int s = 0; s < n; s++) {
        unsigned len = lengths[s];
        if (!len) continue;
        unsigned c = next[len]++, reversed = 0;
        for (unsigned b = 0; b < len; b++) reversed |= ((c >> b) & 1u) << (len - 1 - b);
        codes[s] = (uint16_t)reversed;
    }
}

/* Bits out, least significant first, 32 at a time. The caller makes sure of the room: at most
   eight bytes past the last bit sent are stored. */
typedef struct {
    uint64_t bits;
    unsigned count;
    unsigned char *out;
} ipd_bits;

static inline void ipd_put(ipd_bits *w, uint64_t value, unsigned count) {
    w->bits |= value << w->count;
    w->count += count;
    if (w->count >= 32) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint32_t low = (uint32_t)w->bits;
        memcpy(w->out, &low, 4);
#else
        for (int k = 0; k < 4; k++) w->out[k] = (unsigned char)(w->bits >> (8 * k));
#endif
        w->out += 4;
        w->bits >>= 32;
        w->count -= 32;
    }
}

/* Out to a byte boundary, the last byte padded with zeros. */
static inline void ipd_align(ipd_bits *w) {
    while (w->count > 0) {
        *w->out++ = (unsigned char)w->bits;
        w->bits >>= 8;
        w->count = w->count > 8 ? w->count - 8 : 0;
    }
    w->bits = 0;
}

/* `n` bytes as stored blocks (at most 65,535 bytes each), the last one final when `last`. */
static inline void ipd_stored(ipd_bits *w, const unsigned char *src, size_t n, int last) {
    do {
        size_t k = n < 65535 ? n : 65535;
        ipd_put(w, (uint64_t)(last && k == n), 3); /* BFINAL, BTYPE 00 */
        ipd_align(w);
        w->out[0] = (unsigned char)k;
        w->out[1] = (unsigned char)(k >> 8);
        w->out[2] = (unsigned char)~k;
        w->out[3] = (unsigned char)(~k >> 8);
        memcpy(w->out + 4, src, k);
        w->out += 4 + k;
        src += k;
        n -= k;
    } while (n > 0);
}

/* The bytes `n` bytes take stored after `pending` bits not yet out: the first block's 3 header
   bits with those bits to a byte boundary, then 4 bytes of length per block and 5 (1 of header)
   per further block. */
static inline size_t ipd_stored_size(size_t n, unsigned pending) {
    return (pending + 3 + 7) / 8 + 4 + n + (n > 0 ? 5 * ((n - 1) / 65535) : 0);
}

/* A segment's tokens: a literal byte, or 256 + the length (3..258) of a run repeating the byte
   before it; and each literal/length symbol's frequency in `lit` (286 entries, end of block
   included). Returns the number of tokens. */
static inline size_t ipd_tokens(const unsigned char *src, size_t n, uint16_t *tokens, uint32_t *lit) {
    uint32_t freq4[4][256] = {{0}};
    memset(lit, 0, 286 * sizeof lit[0]);
    size_t t = 0, i = 0;
    /* Four counters per byte value, by position: a plane of few values would otherwise wait on
       the same counter's previous increment. */
    while (i < n) {
        unsigned char b = src[i];
        if (i > 0 && b == src[i - 1]) {
            size_t most = n - i < 258 ? n - i : 258, r = 1;
            while (r < most && src[i + r] == b) r++;
            if (r >= 3) {
                tokens[t++] = (uint16_t)(256 + r);
                lit[257 + ipd_length_code((unsigned)r)]++;
                i += r;
                continue;
            }
        }
        tokens[t++] = b;
        freq4[t & 3][b]++;
        i++;
    }
    for (int s = 0; s < 256; s++) lit[s] = freq4[0][s] + freq4[1][s] + freq4[2][s] + freq4[3][s];
    lit[256] = 1; /* end of block */
    return t;
}

/* `total` code lengths run-length coded with the code-length alphabet (16: repeat the previous
   3-6 times, 17: 3-10 zeros, 18: 11-138 zeros), as symbols and their extra bits' values (room
   for `total` of each). Returns the number of symbols. */
static inline int ipd_code_length_runs(const uint8_t *lengths, int total, uint8_t *symbol, uint8_t *extra) {
    int ncl = 0;
    for (int k = 0; k < total;) {
        uint8_t v = lengths[k];
        int run = 1;
        while (k + run < total && lengths[k + run] == v) run++;
        k += run;
        if (v == 0) {
            while (run >= 11) {
                int take = run < 138 ? run : 138;
                symbol[ncl] = 18, extra[ncl++] = (uint8_t)(take - 11);
                run -= take;
            }
            if (run >= 3) symbol[ncl] = 17, extra[ncl++] = (uint8_t)(run - 3), run = 0;
        } else {
            symbol[ncl] = v, extra[ncl++] = 0;
            run--;
            while (run >= 3) {
                int take = run < 6 ? run : 6;
                symbol[ncl] = 16, extra[ncl++] = (uint8_t)(take - 3);
                run -= take;
            }
        }
        while (run-- > 0) symbol[ncl] = v, extra[ncl++] = 0;
    }
    return ncl;
}

enum { ipd_segment_max = 32768 };

/* One segment: tokens (a literal byte, or 256 + the length of a run repeating the byte before
   it), then a dynamic-Huffman block, or stored blocks where those are smaller. Returns 0, or -1
   when the room left (`end`) is short. */
static inline int ipd_segment(
    ipd_bits *w, const unsigned char *src, size_t n, int last, uint16_t *tokens, unsigned char *end) {
    uint32_t lit[286];
    size_t t = ipd_tokens(src, n, tokens, lit);

    uint8_t lengths[286 + 2];
    ipd_code_lengths(lit, 286, 15, lengths);
    int hlit = 286;
    while (hlit > 257 && lengths[hlit - 1] == 0) hlit--;
    /* Two distance codes of one bit, the second unused: a complete code, as every inflater
       accepts; every match is at distance 1 (code 0, no extra bits). */
    lengths[hlit] = 1;
    lengths[hlit + 1] = 1;
    const int total = hlit + 2;

    /* The code lengths, run-length coded; then the code of that alphabet. */
    uint8_t cl_symbol[288 + 2];
    uint8_t cl_extra[288 + 2];
    uint32_t cl_freq[19] = {0};
    int ncl = ipd_code_length_runs(lengths, total, cl_symbol, cl_extra);
    for (int k = 0; k < ncl; k++) cl_freq[cl_symbol[k]]++;
    /* A code of one used symbol would be incomplete: give it a partner. */
    int used = 0;
    for (int s = 0; s < 19; s++) used += cl_freq[s] != 0;
    if (used < 2) cl_freq[cl_freq[0] ? 1 : 0] = 1;
    uint8_t cl_lengths[19];
    ipd_code_lengths(cl_freq, 19, 7, cl_lengths);
    int hclen = 19;
    while (hclen > 4 && cl_lengths[ipd_code_length_order[hclen - 1]] == 0) hclen--;

    /* Its size in bits against the stored blocks'. */
    static const uint8_t cl_extra_bits[19] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7};
    uint64_t bits = 3 + 5 + 5 + 4 + 3 * (uint64_t)hclen;
    for (int s = 0; s < 19; s++) bits += (uint64_t)cl_freq[s] * (cl_lengths[s] + cl_extra_bits[s]);
    for (int s = 0; s < 257; s++) bits += (uint64_t)lit[s] * lengths[s];
    for (int c = 0; c < 29; c++) bits += (uint64_t)lit[257 + c] * (lengths[257 + c] + ipd_length_extra[c] + 1);
    /* Bytes out once this block is: the bits waiting and the block's, to a byte boundary (the
       words `ipd_put` stores hold only bits sent). */
    size_t dynamic = (size_t)((w->count + bits + 7) / 8), stored = ipd_stored_size(n, w->count);
    size_t room = (size_t)(end - w->out);
    if (stored <= dynamic) {
        if (room < stored) return -1;
        ipd_stored(w, src, n, last);
        return 0;
    }
    if (room < dynamic) return -1;

    /* The literal/length code alone: the distance code is a tree of its own, whose code 0 is
       the one bit 0. */
    uint16_t codes[286], cl_codes[19];
    ipd_canonical_codes(lengths, hlit, codes);
    ipd_canonical_codes(cl_lengths, 19, cl_codes);
    ipd_put(w, (uint64_t)(last ? 1 : 0) | (2u << 1), 3); /* BFINAL, BTYPE 10 */
    ipd_put(w, (uint64_t)(hlit - 257), 5);
    ipd_put(w, 2 - 1, 5); /* HDIST: two distance codes */
    ipd_put(w, (uint64_t)(hclen - 4), 4);
    for (int k = 0; k < hclen; k++) ipd_put(w, cl_lengths[ipd_code_length_order[k]], 3);
    for (int k = 0; k < ncl; k++) {
        uint8_t s = cl_symbol[k];
        ipd_put(w, cl_codes[s], cl_lengths[s]);
        if (cl_extra_bits[s]) ipd_put(w, cl_extra[k], cl_extra_bits[s]);
    }
    /* Each match: its length code, the length's extra bits, then distance code 0. Code and extra
       bits go out together (at most 15 + 5 + 1 bits). */
    const uint64_t distance = 0;
    const unsigned distance_bits = 1;
    for (size_t k = 0; k < t; k++) {
        unsigned token = tokens[k];
        if (token < 256) {
            /* Two literals at a time where two follow (at most 30 bits). */
            unsigned second = k + 1 < t ? tokens[k + 1] : 256;
            if (second < 256) {
                ipd_put(w, codes[token] | ((uint64_t)codes[second] << lengths[token]), lengths[token] + lengths[second]);
                k++;
            } else {
                ipd_put(w, codes[token], lengths[token]);
            }
        } else {
            unsigned length = token - 256, c = ipd_length_code(length), s = 257 + c;
            uint64_t v = codes[s] | ((uint64_t)(length - ipd_length_base[c]) << lengths[s])
                | (distance << (lengths[s] + ipd_length_extra[c]));
            ipd_put(w, v, lengths[s] + ipd_length_extra[c] + distance_bits);
        }
    }
    ipd_put(w, codes[256], lengths[256]);
    return 0;
}

/* `src` (`src_len` bytes) as one zlib stream into `dst` (capacity `*dst_len`, set to the bytes
   written), a block (or stored blocks) per `segment` bytes (0: 16 KiB; at most 32 KiB): pass a
   shuffled chunk's plane size, so that each byte plane gets its own code. Returns Z_OK, or
   Z_BUF_ERROR when the stream does not fit (then store the chunk undeflated), Z_MEM_ERROR. */
static inline int ip_deflate_runs(const void *src, size_t src_len, void *dst, size_t *dst_len, size_t segment) {
    if (segment == 0) segment = 16384;
    if (segment > ipd_segment_max) segment = ipd_segment_max;
    unsigned char *out = (unsigned char *)dst, *end = out + *dst_len;
    if (*dst_len < 2 + 4) return Z_BUF_ERROR;
    uint16_t *tokens = (uint16_t *)malloc((segment < src_len ? segment : src_len + 1) * sizeof(uint16_t));
    if (!tokens) return Z_MEM_ERROR;
    ip_zlib_header(out, 1); /* the fastest level's bits */
    ipd_bits w = {0, 0, out + 2};
    const unsigned char *in = (const unsigned char *)src;
    int r = 0;
    if (src_len == 0) {
        if ((size_t)(end - 4 - w.out) < ipd_stored_size(0, 0)) r = -1;
        else ipd_stored(&w, in, 0, 1);
    } else {
        for (size_t at = 0; at < src_len && r == 0; at += segment) {
            size_t n = src_len - at < segment ? src_len - at : segment;
            /* The trailer's four bytes stay free. */
            r = ipd_segment(&w, in + at, n, at + n == src_len, tokens, end - 4);
        }
    }
    free(tokens);
    if (r != 0) return Z_BUF_ERROR;
    ipd_align(&w);
    if ((size_t)(end - w.out) < 4) return Z_BUF_ERROR;
    ip_zlib_trailer(w.out, in, src_len);
    *dst_len = (size_t)(w.out + 4 - out);
    return Z_OK;
}

#endif

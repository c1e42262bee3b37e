/* Two fast deflate encoders (RFC 1950 and 1951) for the chunks of a report's results table, both
   writing zlib streams any inflater reads (h5py, HDF5's deflate filter):
   - `ip_deflate_runs`, literals and runs (matches at distance 1), for chunks whose bytes repeat
     in runs rather than in patterns: shuffled floating-point values, whose byte planes are either
     runs (sign and exponent) or near-random bytes (the mantissa's low bytes). It writes what
     zlib's run-length strategy (Z_RLE) writes in kind;
   - `ip_deflate_matches`, literals and matches at any distance, found greedily with one hash
     probe and the previous match's distance tried first: for codes, row numbers, study days and
     fixed-width texts, whose bytes repeat in patterns (a subject's visits, the row before). It
     writes what zlib's fastest level writes in kind, 3-8 times as fast on those columns.
   Both code one block per `segment` bytes (a byte plane), so each plane gets its own code; store
   a segment that Huffman coding would not shrink as it is; and pack the bits 64 at a time.
   zlib's deflate of the report's results table was a fifth of a CFB-only report's time, nearly
   all of it on the store's one writer thread (docs/performance.md). Included by shim.h after
   `ip_adler32` and the zlib header and trailer it writes (`ip_zlib_header`, `ip_zlib_trailer`). */
#ifndef IP_RUN_DEFLATE_H
#define IP_RUN_DEFLATE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Lengths 3..258 as length codes 257..285 (RFC 1951 3.2.5): each code's base length and its
   extra bits. */
static const uint16_t ipd_length_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                             31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t ipd_length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                             2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
/* Distances 1..32768 as distance codes 0..29: each code's base distance and its extra bits. */
static const uint16_t ipd_distance_base[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                               193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t ipd_distance_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
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

/* The distance code (0..29) of a match `distance` bytes back (1..32768). */
static inline unsigned ipd_distance_code(unsigned distance) {
    if (distance <= 4) return distance - 1;
    unsigned d = distance - 1;
    unsigned bucket = 31 - (unsigned)__builtin_clz(d); /* 2..14 */
    return 2 * bucket + ((d >> (bucket - 1)) & 1);
}

/* A token: a literal byte (below 256), or 256 + a match's length (3..258) in the low 16 bits and
   its distance (1..32768) in the high 16. */
static inline uint32_t ipd_match(unsigned length, unsigned distance) {
    return (uint32_t)distance << 16 | (uint32_t)(256 + length);
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

/* A segment's tokens (`ipd_match`): literals and runs repeating the byte before; each
   literal/length symbol's frequency in `lit` (286 entries, end of block included) and each
   distance code's in `dist` (30 entries: runs are all code 0). Returns the number of tokens. */
static inline size_t ipd_run_tokens(const unsigned char *src, size_t n, uint32_t *tokens, uint32_t *lit, uint32_t *dist) {
    uint32_t freq4[4][256] = {{0}};
    memset(lit, 0, 286 * sizeof lit[0]);
    memset(dist, 0, 30 * sizeof dist[0]);
    size_t t = 0, i = 0;
    /* Four counters per byte value, by position: a plane of few values would otherwise wait on
       the same counter's previous increment. */
    while (i < n) {
        unsigned char b = src[i];
        if (i > 0 && b == src[i - 1]) {
            size_t most = n - i < 258 ? n - i : 258, r = 1;
#if defined(__SSE2__)
            /* A run goes on sixteen bytes at a time (the sign and exponent planes of measured
               values are runs up to the longest, 258). */
            __m128i repeated = _mm_set1_epi8((char)b);
            while (r + 16 <= most) {
                unsigned other = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(src + i + r)), repeated)) & 0xffffu;
                if (other) {
                    r += (size_t)__builtin_ctz(other);
                    break;
                }
                r += 16;
            }
#endif
            while (r < most && src[i + r] == b) r++;
            if (r >= 3) {
                tokens[t++] = ipd_match((unsigned)r, 1);
                lit[257 + ipd_length_code((unsigned)r)]++;
                dist[0]++;
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

/* How many bytes from `a` and `b` are equal, at most `most`: 8 at a time. */
static inline size_t ipd_common_length(const unsigned char *a, const unsigned char *b, size_t most) {
    size_t r = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (r + 8 <= most) {
        uint64_t x, y;
        memcpy(&x, a + r, 8);
        memcpy(&y, b + r, 8);
        if (x != y) return r + ((unsigned)__builtin_ctzll(x ^ y) >> 3);
        r += 8;
    }
#endif
    while (r < most && a[r] == b[r]) r++;
    return r;
}

enum { ipd_hash_bits = 13 };

/* Where the four bytes at `p` were last seen: their hash's slot. */
static inline uint32_t ipd_hash(const unsigned char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return (v * 2654435761u) >> (32 - ipd_hash_bits);
}

/* The tokens of `src[at ..< at + n]`, matches reaching back into all of `src` before it (at most
   32 KiB back): at each position the previous match's distance first (`*previous`: a run's 1, a
   row's width), then the one position the hash table (`table`: position + 1 of the last four
   bytes with that hash, 0 for none) holds; the longer match of 3 bytes or more, else a literal.
   Frequencies as `ipd_run_tokens`. Greedy with one probe: zlib's fastest level follows chains
   of candidates and inserts every position; on the results' codes, rows and texts that bought
   little and cost most of its time. */
static inline size_t ipd_match_tokens(const unsigned char *src, size_t src_len, size_t at, size_t n, uint32_t *table,
                                      unsigned *previous, uint32_t *tokens, uint32_t *lit, uint32_t *dist) {
    memset(lit, 0, 286 * sizeof lit[0]);
    memset(dist, 0, 30 * sizeof dist[0]);
    size_t t = 0, i = at, end = at + n;
    while (i < end) {
        size_t most = end - i < 258 ? end - i : 258;
        size_t best = 0;
        unsigned distance = 0;
        if (most >= 3) {
            unsigned p = *previous;
            if (p && p <= i) {
                best = ipd_common_length(src + i, src + i - p, most);
                distance = p;
            }
            if (best < most && i + 4 <= src_len) {
                uint32_t *slot = &table[ipd_hash(src + i)];
                size_t candidate = *slot;
                *slot = (uint32_t)(i + 1);
                if (candidate && i - (candidate - 1) <= 32768 && i - (candidate - 1) != p) {
                    size_t length = ipd_common_length(src + i, src + candidate - 1, most);
                    if (length > best) best = length, distance = (unsigned)(i - (candidate - 1));
                }
            }
        }
        if (best >= 3) {
            tokens[t++] = ipd_match((unsigned)best, distance);
            lit[257 + ipd_length_code((unsigned)best)]++;
            dist[ipd_distance_code(distance)]++;
            *previous = distance;
            i += best;
            /* The match's last position, so that the bytes after it can be found again. */
            if (i + 3 <= src_len && i - 1 >= at) table[ipd_hash(src + i - 1)] = (uint32_t)i;
        } else {
            tokens[t++] = src[i];
            lit[src[i]]++;
            i++;
        }
    }
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

/* Code lengths of a code over `n` symbols with frequencies `freq`, none longer than 15 bits, and
   the number of them to send (at least `minimum`): an alphabet of which fewer than two symbols
   are used gets partners (symbols 0 and 1 of one bit), as a complete code, which every inflater
   accepts. */
static inline int ipd_block_code(const uint32_t *freq, int n, int minimum, uint8_t *lengths) {
    uint32_t f[286];
    int used = 0;
    for (int s = 0; s < n; s++) used += (f[s] = freq[s]) != 0;
    for (int s = 0; used < 2; s++)
        if (!f[s]) f[s] = 1, used++;
    ipd_code_lengths(f, n, 15, lengths);
    int count = n;
    while (count > minimum && lengths[count - 1] == 0) count--;
    return count;
}

/* One segment's tokens (`ipd_match`) as a dynamic-Huffman block, or as stored blocks where those
   are smaller. `lit` and `dist` are the tokens' frequencies (`ipd_run_tokens`). Returns 0, or -1
   when the room left (`end`) is short. */
static inline int ipd_block(ipd_bits *w, const unsigned char *src, size_t n, int last, const uint32_t *tokens,
                            size_t t, const uint32_t *lit, const uint32_t *dist, unsigned char *end) {
    /* The literal/length code and the distance code, their lengths sent one after the other. */
    uint8_t lengths[286 + 30];
    int hlit = ipd_block_code(lit, 286, 257, lengths);
    uint8_t distance_lengths[30];
    int hdist = ipd_block_code(dist, 30, 1, distance_lengths);
    memcpy(lengths + hlit, distance_lengths, (size_t)hdist);
    const int total = hlit + hdist;

    /* The code lengths, run-length coded; then the code of that alphabet. */
    uint8_t cl_symbol[286 + 30];
    uint8_t cl_extra[286 + 30];
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
    for (int c = 0; c < 29; c++) bits += (uint64_t)lit[257 + c] * (lengths[257 + c] + ipd_length_extra[c]);
    for (int c = 0; c < 30; c++) bits += (uint64_t)dist[c] * (distance_lengths[c] + ipd_distance_extra[c]);
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

    uint16_t codes[286], distance_codes[30], cl_codes[19];
    ipd_canonical_codes(lengths, hlit, codes);
    ipd_canonical_codes(distance_lengths, hdist, distance_codes);
    ipd_canonical_codes(cl_lengths, 19, cl_codes);
    ipd_put(w, (uint64_t)(last ? 1 : 0) | (2u << 1), 3); /* BFINAL, BTYPE 10 */
    ipd_put(w, (uint64_t)(hlit - 257), 5);
    ipd_put(w, (uint64_t)(hdist - 1), 5);
    ipd_put(w, (uint64_t)(hclen - 4), 4);
    for (int k = 0; k < hclen; k++) ipd_put(w, cl_lengths[ipd_code_length_order[k]], 3);
    for (int k = 0; k < ncl; k++) {
        uint8_t s = cl_symbol[k];
        ipd_put(w, cl_codes[s], cl_lengths[s]);
        if (cl_extra_bits[s]) ipd_put(w, cl_extra[k], cl_extra_bits[s]);
    }
    /* Each match: its length code and the length's extra bits (at most 20 bits), then its
       distance code and extra bits (at most 28). */
    for (size_t k = 0; k < t; k++) {
        uint32_t token = tokens[k];
        if (token < 256) {
            /* Two literals at a time where two follow (at most 30 bits). */
            uint32_t second = k + 1 < t ? tokens[k + 1] : 256;
            if (second < 256) {
                ipd_put(w, codes[token] | ((uint64_t)codes[second] << lengths[token]), lengths[token] + lengths[second]);
                k++;
            } else {
                ipd_put(w, codes[token], lengths[token]);
            }
        } else {
            unsigned length = (token & 0xffff) - 256, c = ipd_length_code(length), s = 257 + c;
            ipd_put(w, codes[s] | ((uint64_t)(length - ipd_length_base[c]) << lengths[s]), lengths[s] + ipd_length_extra[c]);
            unsigned distance = token >> 16, d = ipd_distance_code(distance);
            ipd_put(w, distance_codes[d] | ((uint64_t)(distance - ipd_distance_base[d]) << distance_lengths[d]),
                    distance_lengths[d] + ipd_distance_extra[d]);
        }
    }
    ipd_put(w, codes[256], lengths[256]);
    return 0;
}

/* `src` (`src_len` bytes) as one zlib stream into `dst` (capacity `*dst_len`, set to the bytes
   written), a block (or stored blocks) per `segment` bytes (0: 32 KiB, the most; the fewer
   blocks, the fewer codes to build and send): pass a
   shuffled chunk's plane size, so that each byte plane gets its own code. `matches` chooses the
   tokens: 0 literals and runs (`ipd_run_tokens`), 1 matches at any distance
   (`ipd_match_tokens`). Returns Z_OK, or Z_BUF_ERROR when the stream does not fit (then store
   the chunk undeflated), Z_MEM_ERROR. */
static inline int ipd_deflate(const void *src, size_t src_len, void *dst, size_t *dst_len, size_t segment, int matches) {
    if (segment == 0 || segment > ipd_segment_max) segment = ipd_segment_max;
    unsigned char *out = (unsigned char *)dst, *end = out + *dst_len;
    if (*dst_len < 2 + 4) return Z_BUF_ERROR;
    uint32_t *tokens = (uint32_t *)malloc((segment < src_len ? segment : src_len + 1) * sizeof(uint32_t));
    uint32_t *table = matches ? (uint32_t *)calloc((size_t)1 << ipd_hash_bits, sizeof(uint32_t)) : NULL;
    if (!tokens || (matches && !table)) {
        free(tokens);
        free(table);
        return Z_MEM_ERROR;
    }
    ip_zlib_header(out, 1); /* the fastest level's bits */
    ipd_bits w = {0, 0, out + 2};
    const unsigned char *in = (const unsigned char *)src;
    int r = 0;
    if (src_len == 0) {
        if ((size_t)(end - 4 - w.out) < ipd_stored_size(0, 0)) r = -1;
        else ipd_stored(&w, in, 0, 1);
    } else {
        unsigned previous = 0;
        for (size_t at = 0; at < src_len && r == 0; at += segment) {
            size_t n = src_len - at < segment ? src_len - at : segment;
            uint32_t lit[286], dist[30];
            size_t t = matches ? ipd_match_tokens(in, src_len, at, n, table, &previous, tokens, lit, dist)
                               : ipd_run_tokens(in + at, n, tokens, lit, dist);
            /* The trailer's four bytes stay free. */
            r = ipd_block(&w, in + at, n, at + n == src_len, tokens, t, lit, dist, end - 4);
        }
    }
    free(tokens);
    free(table);
    if (r != 0) return Z_BUF_ERROR;
    ipd_align(&w);
    if ((size_t)(end - w.out) < 4) return Z_BUF_ERROR;
    ip_zlib_trailer(w.out, in, src_len);
    *dst_len = (size_t)(w.out + 4 - out);
    return Z_OK;
}

/* Literals and runs only: see the top of this file. */
static inline int ip_deflate_runs(const void *src, size_t src_len, void *dst, size_t *dst_len, size_t segment) {
    return ipd_deflate(src, src_len, dst, dst_len, segment, 0);
}

/* Literals and matches at any distance: see the top of this file. */
static inline int ip_deflate_matches(const void *src, size_t src_len, void *dst, size_t *dst_len, size_t segment) {
    return ipd_deflate(src, src_len, dst, dst_len, segment, 1);
}

#endif

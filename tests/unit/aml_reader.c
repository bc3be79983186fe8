/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A structural AML reader for host tests (see aml_reader.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "aml_reader.h"

struct cursor {
    const u8 *p, *end;
    struct amlr *r;
};

static int failf(struct amlr *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->why, sizeof(r->why), fmt, ap);
    va_end(ap);
    return -1;
}

static struct amlr_obj *new_obj(struct amlr *r, const char *path, enum amlr_type t)
{
    static struct amlr_obj spare;       /* objects beyond the table: counted only */
    struct amlr_obj *o = r->nr_objs < AMLR_MAX_OBJS ? &r->objs[r->nr_objs] : &spare;

    r->nr_objs++;
    memset(o, 0, sizeof(*o));
    snprintf(o->path, sizeof(o->path), "%s", path);
    o->type = t;
    return o;
}

/*
 * PkgLength: bits 7:6 of the lead byte count the bytes that follow; with
 * none, bits 5:0 are the length; else bits 3:0 are its low nibble (5:4
 * must be 0) and each following byte 8 more bits.  The length counts
 * itself.  Sets *end to where the package ends.
 */
static int read_pkglen(struct cursor *c, const u8 **end, u32 *len, unsigned int *nbytes)
{
    const u8 *start = c->p;
    unsigned int follow;
    u32 v;

    if (c->p >= c->end)
        return failf(c->r, "PkgLength past the end");
    follow = *c->p >> 6;
    if (c->end - c->p < 1 + (long)follow)
        return failf(c->r, "PkgLength of %u bytes past the end", follow + 1);
    if (!follow) {
        v = *c->p & 0x3f;
    } else {
        if (*c->p & 0x30)
            return failf(c->r, "PkgLength lead byte %#x has bits 5:4 set", *c->p);
        v = *c->p & 0x0f;
        for (unsigned int i = 0; i < follow; i++)
            v |= (u32)c->p[1 + i] << (4 + 8 * i);
    }
    c->p += 1 + follow;
    if (v < 1 + follow || v > (u32)(c->end - start))
        return failf(c->r, "PkgLength %u does not fit (%ld bytes left)", v,
                     (long)(c->end - start));
    *end = start + v;
    *len = v;
    *nbytes = 1 + follow;
    return 0;
}

static int read_nameseg(struct cursor *c, char *out)
{
    if (c->end - c->p < 4)
        return failf(c->r, "name segment past the end");
    for (unsigned int i = 0; i < 4; i++) {
        char ch = (char)c->p[i];
        bool ok = (ch >= 'A' && ch <= 'Z') || ch == '_' || (i && ch >= '0' && ch <= '9');

        if (!ok)
            return failf(c->r, "bad name character %#x", (u8)ch);
        out[i] = ch;
    }
    out[4] = '\0';
    c->p += 4;
    return 0;
}

/* A NameString, resolved against @scope into the absolute @out. */
static int read_namestring(struct cursor *c, const char *scope, char *out, size_t outlen)
{
    char path[256], seg[5];
    unsigned int nsegs = 1;

    if (c->p >= c->end)
        return failf(c->r, "name past the end");
    if (*c->p == '\\') {
        snprintf(path, sizeof(path), "\\");
        c->p++;
    } else {
        snprintf(path, sizeof(path), "%s", scope);
        while (c->p < c->end && *c->p == '^') {     /* ParentPrefixChar */
            char *dot = strrchr(path, '.');

            if (!strcmp(path, "\\"))
                return failf(c->r, "parent prefix above the root");
            if (dot)
                *dot = '\0';
            else
                path[1] = '\0';
            c->p++;
        }
    }
    if (c->p >= c->end)
        return failf(c->r, "name past the end");
    if (*c->p == 0x2e) {                /* DualNamePrefix */
        nsegs = 2;
        c->p++;
    } else if (*c->p == 0x2f) {         /* MultiNamePrefix SegCount */
        if (c->end - c->p < 2)
            return failf(c->r, "multi-name past the end");
        nsegs = c->p[1];
        c->p += 2;
    } else if (*c->p == 0x00) {         /* NullName */
        nsegs = 0;
        c->p++;
    }
    for (unsigned int i = 0; i < nsegs; i++) {
        size_t n = strlen(path);

        if (read_nameseg(c, seg))
            return -1;
        snprintf(path + n, sizeof(path) - n, "%s%s", path[n - 1] == '\\' ? "" : ".", seg);
    }
    if (strlen(path) >= outlen)
        return failf(c->r, "path %s too long", path);
    snprintf(out, outlen, "%s", path);
    return 0;
}

/* An integer data object; 1 if the byte is not one. */
static int read_integer(struct cursor *c, u64 *v)
{
    unsigned int n;

    if (c->p >= c->end)
        return failf(c->r, "data object past the end");
    switch (*c->p) {
    case 0x00: *v = 0; c->p++; return 0;
    case 0x01: *v = 1; c->p++; return 0;
    case 0xff: *v = ~0ull; c->p++; return 0;
    case 0x0a: n = 1; break;
    case 0x0b: n = 2; break;
    case 0x0c: n = 4; break;
    case 0x0e: n = 8; break;
    default: return 1;
    }
    if (c->end - c->p < 1 + (long)n)
        return failf(c->r, "integer past the end");
    *v = 0;
    for (unsigned int i = 0; i < n; i++)
        *v |= (u64)c->p[1 + i] << (8 * i);
    c->p += 1 + n;
    return 0;
}

static int read_dataobj(struct cursor *c, struct amlr_obj *o)
{
    const u8 *end;
    u64 v;
    int rc = read_integer(c, &v);

    if (rc <= 0) {
        o->type = AMLR_INTEGER;
        o->value = v;
        return rc;
    }
    if (*c->p == 0x12) {                /* Package */
        struct cursor in;
        unsigned int n;

        c->p++;
        if (read_pkglen(c, &end, &o->pkglen, &o->pkglen_bytes))
            return -1;
        if (c->p >= end)
            return failf(c->r, "package without NumElements");
        o->type = AMLR_PACKAGE;
        n = *c->p++;
        in = (struct cursor){ .p = c->p, .end = end, .r = c->r };
        for (unsigned int i = 0; i < n; i++) {
            if (in.p >= end)
                return failf(c->r, "package of %u elements ends after %u", n, i);
            rc = read_integer(&in, &v);
            if (rc)
                return rc < 0 ? -1 : failf(c->r, "package element %#x not an integer", *in.p);
            if (i < AMLR_MAX_ELEMS)
                o->elems[i] = v;
        }
        if (in.p != end)
            return failf(c->r, "package has %ld bytes after its %u elements",
                         (long)(end - in.p), n);
        o->nr_elems = n;
        c->p = end;
        return 0;
    }
    if (*c->p == 0x11) {                /* Buffer */
        struct cursor in;

        c->p++;
        if (read_pkglen(c, &end, &o->pkglen, &o->pkglen_bytes))
            return -1;
        in = (struct cursor){ .p = c->p, .end = end, .r = c->r };
        rc = read_integer(&in, &v);
        if (rc)
            return rc < 0 ? -1 : failf(c->r, "buffer size is not an integer");
        if (v != (u64)(end - in.p))
            return failf(c->r, "buffer size %llu, %ld bytes in it",
                         (unsigned long long)v, (long)(end - in.p));
        o->type = AMLR_BUFFER;
        o->data = in.p;
        o->len = (size_t)v;
        c->p = end;
        return 0;
    }
    return failf(c->r, "unknown data object %#x", *c->p);
}

static int read_termlist(struct cursor *c, const char *scope)
{
    char path[AMLR_PATH_MAX];

    while (c->p < c->end) {
        u8 op = *c->p++;

        if (op == 0x08) {               /* Name */
            struct amlr_obj *o;

            if (read_namestring(c, scope, path, sizeof(path)))
                return -1;
            o = new_obj(c->r, path, AMLR_INTEGER);
            if (read_dataobj(c, o))
                return -1;
        } else if (op == 0x10 || (op == 0x5b && c->p < c->end && *c->p == 0x82)) {
            /* Scope, Device */
            struct amlr_obj *o;
            struct cursor in;
            const u8 *end;
            u32 len;
            unsigned int nbytes;

            if (op == 0x5b)
                c->p++;
            if (read_pkglen(c, &end, &len, &nbytes))
                return -1;
            in = (struct cursor){ .p = c->p, .end = end, .r = c->r };
            if (read_namestring(&in, scope, path, sizeof(path)))
                return -1;
            o = new_obj(c->r, path, op == 0x10 ? AMLR_SCOPE : AMLR_DEVICE);
            o->pkglen = len;
            o->pkglen_bytes = nbytes;
            if (read_termlist(&in, path))
                return -1;
            c->p = end;
        } else {
            return failf(c->r, "unknown opcode %#x", op);
        }
    }
    return 0;
}

int amlr_parse(const u8 *aml, size_t len, struct amlr *r)
{
    struct cursor c = { .p = aml, .end = aml + len, .r = r };

    memset(r, 0, sizeof(*r));
    return read_termlist(&c, "\\");
}

const struct amlr_obj *amlr_find(const struct amlr *r, const char *path)
{
    for (unsigned int i = 0; i < r->nr_objs && i < AMLR_MAX_OBJS; i++)
        if (!strcmp(r->objs[i].path, path))
            return &r->objs[i];
    return NULL;
}

void amlr_eisaid(u32 v, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    u8 b[4] = { (u8)v, (u8)(v >> 8), (u8)(v >> 16), (u8)(v >> 24) };
    unsigned int letters = (unsigned int)b[0] << 8 | b[1];

    out[0] = (char)('@' + ((letters >> 10) & 0x1f));
    out[1] = (char)('@' + ((letters >> 5) & 0x1f));
    out[2] = (char)('@' + (letters & 0x1f));
    out[3] = hex[b[2] >> 4];
    out[4] = hex[b[2] & 0xf];
    out[5] = hex[b[3] >> 4];
    out[6] = hex[b[3] & 0xf];
    out[7] = '\0';
}

int amlr_resources(const u8 *buf, size_t len, struct amlr_res *out,
                   unsigned int max, char *why, size_t why_len)
{
    size_t i = 0;
    unsigned int n = 0;

    while (i < len) {
        u8 tag = buf[i];
        struct amlr_res res = { 0 };

        if (!(tag & 0x80)) {            /* small: type 6:3, length 2:0 */
            unsigned int type = tag >> 3 & 0xf, l = tag & 7;
            const u8 *d = buf + i + 1;

            if (i + 1 + l > len) {
                snprintf(why, why_len, "descriptor %#x at %zu past the end", tag, i);
                return -1;
            }
            if (type == 0x0f) {         /* end tag */
                u8 sum = 0;

                if (l != 1 || i + 2 != len) {
                    snprintf(why, why_len, "end tag at %zu of %zu bytes, length %u",
                             i, len, l);
                    return -1;
                }
                for (size_t k = 0; k < len; k++)
                    sum += buf[k];
                if (sum && buf[len - 1]) {
                    snprintf(why, why_len, "template checksum off by %#x", sum);
                    return -1;
                }
                return (int)n;
            }
            if (type == 0x08 && l == 7) {
                res.type = AMLR_RES_IO;
                res.decode16 = d[0] & 1;
                res.min = (u16)(d[1] | d[2] << 8);
                res.max = (u16)(d[3] | d[4] << 8);
                res.align = d[5];
                res.len = d[6];
            } else if (type == 0x04 && (l == 2 || l == 3)) {
                res.type = AMLR_RES_IRQ;
                res.irq_mask = (u16)(d[0] | d[1] << 8);
                res.irq_has_flags = l == 3;
                res.irq_flags = l == 3 ? d[2] : 0;
            } else {
                snprintf(why, why_len, "small descriptor type %#x length %u", type, l);
                return -1;
            }
            i += 1 + l;
        } else {                        /* large: type, 16-bit length */
            size_t l;
            const u8 *d = buf + i + 3;

            if (i + 3 > len) {
                snprintf(why, why_len, "large descriptor header past the end");
                return -1;
            }
            l = buf[i + 1] | buf[i + 2] << 8;
            if (i + 3 + l > len) {
                snprintf(why, why_len, "large descriptor %#x past the end", tag);
                return -1;
            }
            if (tag == 0x89 && l >= 6 && d[1] == 1) {
                res.type = AMLR_RES_EXT_IRQ;
                res.ext_flags = d[0];
                res.ext_irq = d[2] | d[3] << 8 | d[4] << 16 | (u32)d[5] << 24;
            } else if ((tag == 0x88 || tag == 0x87 || tag == 0x8a) &&
                       l == 3 + 5 * (tag == 0x88 ? 2u : tag == 0x87 ? 4u : 8u)) {
                /* Word (0x88), DWord (0x87), QWord (0x8A) address space:
                 * type, general flags, type flags, then five fields
                 * (ACPI 6.4, 6.4.3.5.1-3); no resource source. */
                unsigned int w = (unsigned int)(l - 3) / 5;
                u64 f[5] = { 0 };

                for (unsigned int k = 0; k < 5; k++)
                    for (unsigned int b = 0; b < w; b++)
                        f[k] |= (u64)d[3 + k * w + b] << (8 * b);
                res.type = AMLR_RES_ADDR;
                res.addr_width = w;
                res.addr_type = d[0];
                res.addr_flags = d[1];
                res.addr_type_flags = d[2];
                res.addr_gran = f[0];
                res.addr_min = f[1];
                res.addr_max = f[2];
                res.addr_tra = f[3];
                res.addr_len = f[4];
            } else {
                snprintf(why, why_len, "large descriptor %#x", tag);
                return -1;
            }
            i += 3 + l;
        }
        if (n < max)
            out[n] = res;
        n++;
    }
    snprintf(why, why_len, "no end tag");
    return -1;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A structural AML reader for host tests, written from the ACPI
 * specification independently of the encoder (arch/x86/hvm/aml.c).
 *
 * amlr_parse() walks a definition block's term list: Name, Scope and
 * Device, with data objects Zero, One, Ones, Byte/Word/DWord/QWord
 * integers, Package and Buffer; name strings with a root or parent
 * prefix, dual and multi name paths.  Every PkgLength must end exactly
 * where its contents end and inside its parent, a package must hold
 * NumElements elements, a buffer BufferSize bytes; anything else (an
 * unknown opcode, a bad name segment, bytes past the end) is an error
 * with a reason.  The result lists each named object with its absolute
 * path ("\\_SB_.COM1._HID").
 *
 * amlr_resources() reads a resource template (a _CRS buffer's bytes):
 * small and large descriptors up to the end tag, which must be the last
 * two bytes with a checksum that makes the template sum to zero (or 0).
 */
#ifndef TESTS_UNIT_AML_READER_H
#define TESTS_UNIT_AML_READER_H

#include <mhv/types.h>

#define AMLR_MAX_OBJS       64
#define AMLR_MAX_ELEMS      256
#define AMLR_PATH_MAX       64

enum amlr_type { AMLR_INTEGER, AMLR_PACKAGE, AMLR_BUFFER, AMLR_SCOPE, AMLR_DEVICE };

struct amlr_obj {
    char path[AMLR_PATH_MAX];
    enum amlr_type type;
    u64 value;                  /* AMLR_INTEGER */
    unsigned int nr_elems;      /* AMLR_PACKAGE: its integers */
    u64 elems[AMLR_MAX_ELEMS];
    const u8 *data;             /* AMLR_BUFFER: its bytes */
    size_t len;
    u32 pkglen;                 /* scope, device, package, buffer: the PkgLength */
    unsigned int pkglen_bytes;  /* and its encoding's size */
};

struct amlr {
    unsigned int nr_objs;       /* all objects; only the first AMLR_MAX_OBJS kept */
    struct amlr_obj objs[AMLR_MAX_OBJS];
    char why[128];              /* the reason of a failure */
};

/* 0, or -1 with r->why set. */
int amlr_parse(const u8 *aml, size_t len, struct amlr *r);
const struct amlr_obj *amlr_find(const struct amlr *r, const char *path);

/* "PNP0501" from a compressed EISA ID (integer form); @out holds 8 bytes. */
void amlr_eisaid(u32 v, char *out);

enum amlr_res_type { AMLR_RES_IO, AMLR_RES_IRQ, AMLR_RES_EXT_IRQ, AMLR_RES_ADDR };

struct amlr_res {
    enum amlr_res_type type;
    u8 decode16;                /* IO */
    u16 min, max;
    u8 align, len;
    u16 irq_mask;               /* IRQ */
    bool irq_has_flags;
    u8 irq_flags;
    u32 ext_irq;                /* extended interrupt: one GSI */
    u8 ext_flags;
    /* Word/DWord/QWord address space: field width 2, 4 or 8 bytes */
    unsigned int addr_width;
    u8 addr_type, addr_flags, addr_type_flags;
    u64 addr_gran, addr_min, addr_max, addr_tra, addr_len;
};

/* Number of descriptors read (up to @max into @out), or -1 with @why set. */
int amlr_resources(const u8 *buf, size_t len, struct amlr_res *out,
                   unsigned int max, char *why, size_t why_len);

#endif

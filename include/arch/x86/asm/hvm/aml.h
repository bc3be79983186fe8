/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An AML (ACPI Machine Language) encoder: the few constructs the DSDT of
 * an HVM domain needs, written into a caller's buffer.
 *
 *   struct aml a;
 *
 *   aml_init(&a, buf, sizeof(buf));
 *   aml_name_decl(&a, "\\_S5");            Name (\_S5, Package { 5, 0 })
 *   aml_package_begin(&a);
 *   aml_integer(&a, 5);
 *   aml_integer(&a, 0);
 *   aml_end(&a);
 *   aml_scope_begin(&a, "\\_SB");          Scope (\_SB) {
 *   aml_device_begin(&a, "COM1");            Device (COM1) {
 *   aml_name_decl(&a, "_CRS");                 Name (_CRS, ResourceTemplate () {
 *   aml_resource_template_begin(&a);
 *   aml_res_io16(&a, 0x3f8, 0x3f8, 1, 8);        IO (Decode16, 0x3F8, 0x3F8, 1, 8)
 *   aml_res_irq(&a, 4);                          IRQNoFlags () {4}
 *   aml_end(&a);                               })
 *   aml_end(&a);                             }
 *   aml_end(&a);                           }
 *   len = aml_finish(&a);                  bytes written, or a negative errno
 *
 * Objects that hold others (scope, device, package, resource template)
 * are opened with *_begin and closed with aml_end(), which writes their
 * PkgLength (1 to 4 bytes, as their size needs) in front of their
 * contents; a package's element count is the number of objects put in
 * it; a resource template gets its end tag with a checksum that makes
 * its descriptors sum to zero.
 *
 * Name strings: one name segment of 1 to 4 characters (a leading 'A'-'Z'
 * or '_', then 'A'-'Z', '0'-'9' or '_'; padded with '_' to 4), optionally
 * preceded by '\' (the root).
 *
 * Errors are sticky: the first failure (-ENOSPC: the buffer is full;
 * -EINVAL: a bad name, EISA ID or descriptor, a descriptor outside a
 * resource template, more than 255 package elements, aml_end() with
 * nothing open, nesting deeper than AML_MAX_DEPTH) stops all further
 * output, and aml_finish() returns it.  No state outside the struct: the
 * caller serializes.
 */
#ifndef ASM_X86_HVM_AML_H
#define ASM_X86_HVM_AML_H

#include <mhv/types.h>

#define AML_MAX_DEPTH   8

enum aml_kind { AML_SCOPE, AML_DEVICE, AML_PACKAGE, AML_RESOURCE_TEMPLATE };

struct aml {
    u8 *buf;
    size_t cap, len;
    int err;
    unsigned int depth;
    struct {
        enum aml_kind kind;
        size_t start;           /* offset of the contents (where PkgLength goes) */
        unsigned int items;     /* objects put in it (a package's elements) */
    } open[AML_MAX_DEPTH];
};

void aml_init(struct aml *a, void *buf, size_t cap);

/* Name (@name, ...): the next object put is its value. */
void aml_name_decl(struct aml *a, const char *name);

/* An integer in its shortest encoding (Zero, One, Byte .. QWord). */
void aml_integer(struct aml *a, u64 v);

/* EisaId ("PNP0501"): three letters and four hex digits, as a DWord. */
void aml_eisaid(struct aml *a, const char *id);

void aml_scope_begin(struct aml *a, const char *name);
void aml_device_begin(struct aml *a, const char *name);
void aml_package_begin(struct aml *a);
void aml_resource_template_begin(struct aml *a);
void aml_end(struct aml *a);

/* Resource descriptors, inside a resource template only. */
/* IO (Decode16, @min, @max, @align, @len) */
void aml_res_io16(struct aml *a, u16 min, u16 max, u8 align, u8 len);
/* IRQNoFlags () {@irq}: ISA IRQ 0-15, edge-triggered, active-high. */
void aml_res_irq(struct aml *a, unsigned int irq);
/*
 * WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode, 0,
 * @min, @max, 0, @max - @min + 1): the bus numbers a host bridge decodes
 * (@max at most 255).
 */
void aml_res_bus_range(struct aml *a, u16 min, u16 max);
/*
 * DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed,
 * NonCacheable, ReadWrite, 0, @base, @base + @len - 1, 0, @len): a memory
 * window a host bridge forwards to its devices; QWordMemory, the same
 * otherwise, when the window reaches above 4 GiB.  @len must not be 0 nor
 * wrap.
 */
void aml_res_mem_window(struct aml *a, u64 base, u64 len);

/* Bytes written, or the first error; -EINVAL when something is still open. */
int aml_finish(struct aml *a);

#endif /* ASM_X86_HVM_AML_H */

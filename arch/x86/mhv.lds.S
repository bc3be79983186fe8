/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link map of the hypervisor image: linked at KERNEL_VIRT_BASE + 2 MiB,
 * loaded at physical 2 MiB.  Link-time registration tables (initcalls,
 * command-line parameters, self-tests, exception fixups, hypercalls, the
 * steps of a device leaving its owner) are collected into
 * their own sections with start/end symbols.  The symbol table comes last so
 * that the second link pass moves nothing before it.
 */
#include <asm/page.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

PHDRS
{
    text PT_LOAD FLAGS(5);
    data PT_LOAD FLAGS(6);
}

SECTIONS
{
    . = KERNEL_VIRT_BASE + KERNEL_PHYS_LOAD;
    _start = .;

    .text : AT(ADDR(.text) - KERNEL_VIRT_BASE) {
        _stext = .;
        *(.text.head)
        *(.text .text.*)
        _etext = .;
    } :text

    .rodata : AT(ADDR(.rodata) - KERNEL_VIRT_BASE) {
        *(.rodata .rodata.*)
        . = ALIGN(8);
        __setup_start = .;
        KEEP(*(.init.setup))
        __setup_end = .;
        . = ALIGN(8);
        __initcall_start = .;
        KEEP(*(SORT(.initcall.*)))
        __initcall_end = .;
        . = ALIGN(8);
        __selftest_start = .;
        KEEP(*(.selftest))
        __selftest_end = .;
        . = ALIGN(8);
        __ex_table_start = .;
        KEEP(*(.ex_table))
        __ex_table_end = .;
        . = ALIGN(8);
        __hypercalls_start = .;
        KEEP(*(.hypercalls))
        __hypercalls_end = .;
        . = ALIGN(8);
        __start_pdev_leave = .;
        KEEP(*(pdev_leave))
        __stop_pdev_leave = .;
        . = ALIGN(8);
        __start_gpmap_consumers = .;
        KEEP(*(gpmap_consumers))
        __stop_gpmap_consumers = .;
        . = ALIGN(8);
        __start_softirq_handlers = .;
        KEEP(*(softirq_handlers))
        __stop_softirq_handlers = .;
    } :text

    . = ALIGN(PAGE_SIZE);
    .data : AT(ADDR(.data) - KERNEL_VIRT_BASE) {
        _sdata = .;
        *(.data.page_aligned)
        *(.data .data.*)
    } :data

    . = ALIGN(PAGE_SIZE);
    .bss : AT(ADDR(.bss) - KERNEL_VIRT_BASE) {
        __bss_start = .;
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(8);
        __bss_end = .;
    } :data

    . = ALIGN(8);
    .symtab_mhv : AT(ADDR(.symtab_mhv) - KERNEL_VIRT_BASE) {
        KEEP(*(.symtab_mhv))
    } :data

    . = ALIGN(PAGE_SIZE);
    _end = .;

    /DISCARD/ : {
        *(.comment) *(.note.*) *(.eh_frame)
    }
}

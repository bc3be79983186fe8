/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ELF64 file format, as far as mhv reads it: the file header and the
 * program headers.  Plain C with fixed-width types, shared by the domain
 * loader (common/elf.c), mhv.efi (arch/x86/efi/image.c) and their tests.
 */
#ifndef MHV_ELF64_H
#define MHV_ELF64_H

#include <stdint.h>

#define EI_NIDENT       16
#define ELFCLASS64      2
#define ELFDATA2LSB     1
#define ET_EXEC         2
#define EM_X86_64       62
#define PT_LOAD         1
#define PF_X            1
#define PF_W            2
#define PF_R            4

struct elf64_ehdr {
    uint8_t  e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

#endif /* MHV_ELF64_H */

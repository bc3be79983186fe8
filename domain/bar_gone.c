/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PV domain's access to a BAR mapping it lost (<mhv/domain/bar_gone.h>).
 */
#include <mhv/domain/bar_gone.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/lib.h>
#include <mhv/sbdf.h>
#include <mhv/passthrough/bar_map.h>
#include <asm/domain.h>
#include <asm/regs.h>
#include <asm/desc.h>
#include <mhv/errno.h>
#include <asm/page.h>
#include <asm/guest_access.h>
#include <asm/x86_decode.h>

#define PF_PRESENT  (1ul << 0)
#define PF_WRITE    (1ul << 1)
#define PF_USER     (1ul << 2)
#define PF_RSVD     (1ul << 3)
#define PF_FETCH    (1ul << 4)

/* @regs' general registers in their encoding order (RAX, RCX, ... R15). */
static u64 *gpr_slot(struct cpu_user_regs *regs, unsigned int n)
{
    u64 *const slot[16] = {
        &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx, &regs->rsp,
        &regs->rbp, &regs->rsi, &regs->rdi, &regs->r8, &regs->r9,
        &regs->r10, &regs->r11, &regs->r12, &regs->r13, &regs->r14,
        &regs->r15,
    };

    return slot[n & 15];
}

/* The instruction at @rip: the bytes up to the end of its page first, the
 * next page's only if the decoder needs them.  0 or -EFAULT/-EINVAL. */
static int fetch_decode(u64 rip, struct x86_insn *insn)
{
    u8 buf[X86_INSN_MAX_LEN];
    size_t n = min((size_t)X86_INSN_MAX_LEN, (size_t)(PAGE_SIZE - (rip & ~PAGE_MASK)));
    int rc;

    if (pv_copy_from_guest(buf, rip, n))
        return -EFAULT;
    rc = x86_decode(buf, n, X86_MODE_64, insn);
    if (rc == -ERANGE && n < sizeof(buf)) {
        if (pv_copy_from_guest(buf + n, rip + n, sizeof(buf) - n))
            return -EFAULT;
        rc = x86_decode(buf, sizeof(buf), X86_MODE_64, insn);
    }
    return rc;
}

bool pv_bar_gone_access(struct vcpu *v, struct cpu_user_regs *regs, u64 cr2)
{
    struct domain *d = v->domain;
    struct domain_bar_gone gone;
    struct x86_insn insn;
    u64 gpr[16], ea;
    bool load;

    if (is_hvm_domain(d) || regs->vector != TRAP_page_fault ||
        (regs->error_code & (PF_PRESENT | PF_RSVD | PF_FETCH)) ||
        !(regs->error_code & PF_USER) || !pci_bar_gone_find(d, cr2, &gone))
        return false;
    if (fetch_decode(regs->rip, &insn) || !x86_insn_is_mmio(&insn) ||
        insn.mem.seg == X86_SEG_FS || insn.mem.seg == X86_SEG_GS)
        return false;
    for (unsigned int i = 0; i < 16; i++)
        gpr[i] = *gpr_slot(regs, i);
    /* The fault must be this instruction's operand, in the lost range. */
    ea = x86_insn_mem_offset(&insn, gpr, regs->rip + insn.len);
    load = x86_insn_is_load(&insn);
    if (cr2 < ea || cr2 - ea >= insn.op_bytes ||
        load != !(regs->error_code & PF_WRITE))
        return false;
    if (load) {
        u64 ones = insn.op_bytes == 8 ? ~0ull : (1ull << (8 * insn.op_bytes)) - 1;
        u64 *r = gpr_slot(regs, insn.reg);

        *r = x86_insn_load_result(&insn, *r, ones);
    }
    /* One line for the first read and the first write of each lost
     * mapping: a driver polling a register it lost must not fill the
     * console, and the first says all there is to say. */
    if (pci_bar_gone_count(d, cr2, !load) == 1)
        gprintk(LOG_WARNING "d%u: %u-byte %s at %#lx (rip %#lx): BAR%u of %pp, "
                "which left the domain: %s (the next ones alike, not "
                "logged)\n", d->domain_id, insn.op_bytes,
                load ? "read" : "write", (unsigned long)cr2,
                (unsigned long)regs->rip, gone.bar,
                &(pci_sbdf_t){ .sbdf = gone.sbdf },
                load ? "all-ones, as from a removed device" : "dropped");
    regs->rip += insn.len;
    return true;
}

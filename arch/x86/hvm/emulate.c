/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vendor-neutral exit handlers (<asm/hvm/hvm.h>): what mhv does when
 * a guest executes CPUID, RDMSR/WRMSR, IN/OUT (and their string forms), or
 * touches guest-physical space that holds no RAM; and instruction skipping
 * (no NRIPS: every length comes from fetching and decoding the
 * instruction through the guest's own page tables).
 *
 * What the guest gets is what hardware would give it: an MSR nothing
 * emulates is #GP, a port nothing decodes reads all-ones, unclaimed
 * MMIO reads all-ones and drops writes; what can only be a bug or an
 * attack (executing outside RAM, an instruction mhv does not emulate on
 * MMIO) stops the domain with a reason.  Every refusal is counted and
 * logged, rate-limited.
 */
#include <asm/hvm/hvm.h>
#include <asm/hvm/vcpu.h>
#include <asm/hvm/domain.h>
#include <asm/hvm/guest_walk.h>
#include <asm/x86_decode.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <asm/cpu.h>
#include <asm/fpu.h>

#define MSR_IA32_TSC        0x10u
#define MSR_TSC_AUX         0xc0000103u
#define MSR_AMD64_NB_CFG    0xc001001fu
#define  NB_CFG_CF8_EXT_CFG (1ull << 46)
#define RFLAGS_DF           (1ull << 10)

static struct hvm_domain *dom_of(struct vcpu *v)
{
    return v->domain->arch.hvm;
}

/* ---------------------------------------------------------------- decoding */

static enum x86_mode insn_mode(const struct hvm_cpu_state *st)
{
    if ((st->efer & (1ull << 10)) && st->cs_l)
        return X86_MODE_64;
    return st->cs_db ? X86_MODE_32 : X86_MODE_16;
}

/* The linear address of offset @off in segment @seg (enum x86_seg): in
 * 64-bit mode only FS and GS have a base; elsewhere addresses wrap at
 * 4 GiB. */
static u64 seg_linear(const struct hvm_cpu_state *st, unsigned int seg, u64 off)
{
    if (insn_mode(st) == X86_MODE_64)
        return seg < X86_SEG_FS ? off : st->seg_base[seg] + off;
    return (u32)(st->seg_base[seg] + off);
}

/* Fetch and decode the instruction at CS:RIP; on failure the domain is
 * stopped with the reason and -1 returned. */
static int fetch_decode(struct vcpu *v, struct hvm_cpu_state *st,
                        struct x86_insn *insn)
{
    struct hvm_vcpu *h = v->arch.hvm;
    u8 buf[X86_INSN_MAX_LEN];
    enum x86_mode mode;
    u64 la;
    int n, rc;

    hvm_ops->get_state(v, st);
    mode = insn_mode(st);
    la = mode == X86_MODE_64 ? h->rip : (u32)(st->cs_base + (u32)h->rip);
    n = hvm_fetch(&dom_of(v)->mem, st, la, buf, sizeof(buf));
    if (n < 0) {
        hvm_domain_crash(v, "its page tables are outside its memory (fetching "
                         "the instruction at %#lx)", la);
        return -1;
    }
    rc = x86_decode(buf, (size_t)n, mode, insn);
    if (rc) {
        hvm_domain_crash(v, "cannot %s the instruction at %#lx (%02x %02x %02x %02x)",
                         rc == -ERANGE ? "fetch" : "decode", la,
                         n > 0 ? buf[0] : 0, n > 1 ? buf[1] : 0,
                         n > 2 ? buf[2] : 0, n > 3 ? buf[3] : 0);
        return -1;
    }
    return 0;
}

static void advance(struct vcpu *v, const struct hvm_cpu_state *st,
                    unsigned int len)
{
    struct hvm_vcpu *h = v->arch.hvm;

    h->rip += len;
    if (insn_mode(st) != X86_MODE_64)
        h->rip = (u32)h->rip;
    /* "STI; HLT": the shadow covered the HLT, not what follows it. */
    hvm_ops->clear_shadow(v);
}

enum hvm_result hvm_skip_insn(struct vcpu *v)
{
    struct hvm_cpu_state st;
    struct x86_insn insn;

    if (fetch_decode(v, &st, &insn))
        return HVM_STOPPED;
    advance(v, &st, insn.len);
    return HVM_DONE_NO_ADVANCE;
}

enum hvm_result hvm_inject_ud(struct vcpu *v)
{
    hvm_ops->inject(v, HVM_EVENT_EXCEPTION, X86_EXC_UD, HVM_NO_ERROR_CODE);
    return HVM_INJECTED;
}

enum hvm_result hvm_inject_gp(struct vcpu *v)
{
    hvm_ops->inject(v, HVM_EVENT_EXCEPTION, X86_EXC_GP, 0);
    return HVM_INJECTED;
}

/* ---------------------------------------------------------------- CPUID */

enum hvm_result hvm_handle_cpuid(struct vcpu *v)
{
    struct hvm_vcpu *h = v->arch.hvm;
    struct hvm_cpu_state st;
    struct hvm_cpuid_vcpu vc;
    struct cpuid_regs r;

    hvm_ops->get_state(v, &st);
    vc = (struct hvm_cpuid_vcpu){ .apic_id = h->id, .cr4 = st.cr4, .xcr0 = h->xcr0 };
    hvm_cpuid(&dom_of(v)->cpuid, &vc, (u32)h->gpr[HVM_RAX], (u32)h->gpr[HVM_RCX], &r);
    h->gpr[HVM_RAX] = r.a;
    h->gpr[HVM_RBX] = r.b;
    h->gpr[HVM_RCX] = r.c;
    h->gpr[HVM_RDX] = r.d;
    return HVM_DONE;
}

/* ---------------------------------------------------------------- XSETBV */

/*
 * XCR0 is per vCPU (loaded while it is on its CPU, vcpu.c).  A value the
 * hardware would refuse is #GP: not XCR0 (ECX), not at CPL 0, x87 off, a
 * component mhv does not switch or the guest's CPUID does not offer (PKRU,
 * which mhv switches for another reason: arch/x86/fpu.c), AVX without
 * SSE, AVX-512 in part or without AVX.  Without XSAVE (CPUID does not
 * offer it) the instruction is #UD.
 */
enum hvm_result hvm_handle_xsetbv(struct vcpu *v)
{
    struct hvm_vcpu *h = v->arch.hvm;
    struct hvm_cpu_state st;
    u64 val = (u32)h->gpr[HVM_RAX] | (h->gpr[HVM_RDX] << 32);
    u64 avx512 = XSTATE_AVX512;

    if (!fpu_uses_xsave() || !(hvm_ops->get_state(v, &st), st.cr4 & (1ull << 18)))
        return hvm_inject_ud(v);
    if ((u32)h->gpr[HVM_RCX] || st.cpl || !(val & XSTATE_X87) ||
        (val & ~(fpu_xcr0() & hvm_cpuid_xcr0(&v->domain->arch.hvm->cpuid))) ||
        ((val & XSTATE_YMM) && !(val & XSTATE_SSE)) ||
        ((val & avx512) && ((val & avx512) != avx512 || !(val & XSTATE_YMM))))
        return hvm_inject_gp(v);
    h->xcr0 = val;
    fpu_load_guest_xcr0(val);
    return HVM_DONE;
}

/* ---------------------------------------------------------------- MSRs */

/*
 * The MSRs mhv answers besides the vLAPIC's (and those the guest reaches
 * directly, svm.c): EFER (SVME hidden), PAT (kept, and the guest's nested
 * memory types), the TSC (host TSC + offset), TSC_AUX (loaded for the
 * vCPU before each entry), and AMD's NB_CFG, where Linux turns on
 * extended config-space access through 0xCF8 with a plain RDMSR/WRMSR on
 * every AMD-vendor CPU of family 0x10 and later (only that bit is kept).
 * Everything else is #GP, as on a CPU without the MSR: the CPUID the
 * guest sees announces none of them.
 */
static bool pat_valid(u64 pat)
{
    for (unsigned int i = 0; i < 8; i++) {
        u8 t = (pat >> (i * 8)) & 0xff;

        if (t == 2 || t == 3 || t > 7)
            return false;
    }
    return true;
}

static int msr_read(struct vcpu *v, u32 msr, u64 *val)
{
    struct hvm_vcpu *h = v->arch.hvm;
    struct hvm_cpu_state st;

    if (vlapic_owns_msr(msr))
        return vlapic_rdmsr(&h->vlapic, msr, val);
    switch (msr) {
    case MSR_EFER:
        hvm_ops->get_state(v, &st);
        *val = st.efer;
        return 0;
    case MSR_PAT:
        *val = h->msr_pat;
        return 0;
    case MSR_IA32_TSC:
        *val = rdtsc() + hvm_ops->tsc_offset(v);
        return 0;
    case MSR_TSC_AUX:
        *val = h->tsc_aux;
        return 0;
    case MSR_AMD64_NB_CFG:
        *val = h->nb_cfg;
        return 0;
    }
    return -EINVAL;
}

static int msr_write(struct vcpu *v, u32 msr, u64 val)
{
    struct hvm_vcpu *h = v->arch.hvm;

    if (vlapic_owns_msr(msr))
        return vlapic_wrmsr(&h->vlapic, msr, val);
    switch (msr) {
    case MSR_EFER:
        return hvm_ops->set_efer(v, val);
    case MSR_PAT:
        if (!pat_valid(val))
            return -EINVAL;
        h->msr_pat = val;
        hvm_ops->set_pat(v, val);
        return 0;
    case MSR_IA32_TSC:
        hvm_ops->set_tsc_offset(v, val - rdtsc());
        vlapic_tsc_changed(&h->vlapic);
        return 0;
    case MSR_TSC_AUX:
        if (val >> 32)
            return -EINVAL;
        h->tsc_aux = val;
        return 0;
    case MSR_AMD64_NB_CFG:
        h->nb_cfg = val & NB_CFG_CF8_EXT_CFG;
        return 0;
    }
    return -EINVAL;
}

static enum hvm_result msr_result(struct vcpu *v, const char *op, u32 msr,
                                  u64 val, int rc)
{
    if (!rc)
        return HVM_DONE;
    if (rc == -EOPNOTSUPP) {
        hvm_domain_crash(v, "%s of MSR %#x (value %#lx): a valid request the "
                         "platform does not offer", op, msr, val);
        return HVM_STOPPED;
    }
    dom_of(v)->msr_refused++;
    /* Counted always; named only when debugging (a scan of every MSR
     * should not eat the rate limit everyone's warnings share). */
    if (printk_enabled(LOGL_DEBUG))
        gprintk(LOG_DEBUG "d%u v%u: %s of MSR %#x refused: #GP\n",
                v->domain->domain_id, v->arch.hvm->id, op, msr);
    return hvm_inject_gp(v);
}

enum hvm_result hvm_handle_rdmsr(struct vcpu *v)
{
    struct hvm_vcpu *h = v->arch.hvm;
    u32 msr = (u32)h->gpr[HVM_RCX];
    u64 val = 0;
    int rc = msr_read(v, msr, &val);

    if (!rc) {
        h->gpr[HVM_RAX] = (u32)val;
        h->gpr[HVM_RDX] = val >> 32;
    }
    return msr_result(v, "rdmsr", msr, 0, rc);
}

enum hvm_result hvm_handle_wrmsr(struct vcpu *v)
{
    struct hvm_vcpu *h = v->arch.hvm;
    u32 msr = (u32)h->gpr[HVM_RCX];
    u64 val = (u32)h->gpr[HVM_RAX] | (h->gpr[HVM_RDX] << 32);

    return msr_result(v, "wrmsr", msr, val, msr_write(v, msr, val));
}

/* ---------------------------------------------------------------- port I/O */

static void set_low(u64 *reg, u64 val, unsigned int bytes)
{
    if (bytes == 4) {
        *reg = (u32)val;            /* 32-bit results zero-extend */
        return;
    }
    *reg = (*reg & ~((1ull << (bytes * 8)) - 1)) | (val & ((1ull << (bytes * 8)) - 1));
}

/* Registers of @bytes address size: the low part changes (32 bits: the
 * whole register, zero-extended, as a 32-bit write does). */
static void set_addr_reg(u64 *reg, u64 val, unsigned int addr_bytes)
{
    if (addr_bytes == 8)
        *reg = val;
    else
        set_low(reg, val, addr_bytes);
}

static u64 addr_mask(unsigned int addr_bytes)
{
    return addr_bytes == 8 ? ~0ull : (1ull << (addr_bytes * 8)) - 1;
}

/*
 * A plain IN or OUT is complete: RIP goes where the exit said it ends,
 * never to a length decoded again from guest memory, which another vCPU
 * may have rewritten since the instruction executed.
 */
static enum hvm_result io_done(struct vcpu *v, u64 next_rip)
{
    v->arch.hvm->rip = next_rip;
    /* An interrupt shadow (STI; OUT) covered the instruction, no more. */
    hvm_ops->clear_shadow(v);
    return HVM_DONE_NO_ADVANCE;
}

/*
 * An OUT whose port handler queued this vCPU to wait (a device reset the
 * guest asked for, <asm/hvm/ioport.h>): the OUT is complete, so the guest
 * goes on after it; the vCPU waits first, holding no lock, its CPU free
 * for others (there is no result to apply when the wait ends).
 */
static enum hvm_result __noreturn out_then_wait(struct vcpu *v, u64 next_rip)
{
    io_done(v, next_rip);
    vcpu_wait();
}

/*
 * One element of INS/OUTS: @bytes bytes between port I/O and guest memory
 * at linear @la.  0, or -EFAULT with a #PF queued, or -EIO (tables outside
 * RAM: the domain is stopped), or -ERESTART (an OUTS element done whose
 * handler wants the vCPU to wait).
 */
static int string_element(struct vcpu *v, const struct hvm_cpu_state *st,
                          u16 port, unsigned int bytes, bool in, u64 la)
{
    struct hvm_domain *hd = dom_of(v);
    unsigned int access = (in ? HVM_ACCESS_WRITE : 0) |
                          (st->cpl == 3 ? HVM_ACCESS_USER : 0);
    u8 data[4];
    u32 val = 0;

    /* Translate every byte first: an element that faults moves nothing. */
    u64 gpa[4];
    for (unsigned int i = 0; i < bytes; i++) {
        u32 pfec;
        int rc = hvm_translate(&hd->mem, st, la + i, access, &gpa[i], &pfec);

        if (rc == -EIO) {
            hvm_domain_crash(v, "its page tables are outside its memory "
                             "(string I/O at %#lx)", la + i);
            return rc;
        }
        if (rc) {
            hvm_ops->set_cr2(v, la + i);
            hvm_ops->inject(v, HVM_EVENT_EXCEPTION, X86_EXC_PF, pfec);
            return rc;
        }
    }
    if (in) {
        hvm_io_access(&hd->io, port, bytes, false, &val);
        for (unsigned int i = 0; i < bytes; i++) {
            data[i] = (u8)(val >> (8 * i));
            /* Not RAM: a write to nothing is dropped, as on a bus. */
            hvm_memory_write(&hd->mem, gpa[i], &data[i], 1);
        }
    } else {
        for (unsigned int i = 0; i < bytes; i++) {
            if (hvm_memory_read(&hd->mem, &data[i], gpa[i], 1))
                data[i] = 0xff;
            val |= (u32)data[i] << (8 * i);
        }
        if (hvm_io_access(&hd->io, port, bytes, true, &val) == -ERESTART)
            return -ERESTART;
    }
    return 0;
}

/* Elements one exit moves at most; the guest re-executes the rest. */
#define STRING_IO_BATCH 256

static enum hvm_result string_io(struct vcpu *v, u16 port, unsigned int bytes,
                                 bool in)
{
    struct hvm_vcpu *h = v->arch.hvm;
    struct hvm_cpu_state st;
    struct x86_insn insn;
    u64 amask, count, *ptr;
    unsigned int seg, done;
    bool wait = false;
    s64 step;

    if (fetch_decode(v, &st, &insn))
        return HVM_STOPPED;
    if (insn.kind != (in ? X86_INSN_INS : X86_INSN_OUTS)) {
        hvm_domain_crash(v, "string I/O exit at an instruction that is not %s",
                         in ? "INS" : "OUTS");
        return HVM_STOPPED;
    }
    amask = addr_mask(insn.addr_bytes);
    ptr = &h->gpr[in ? HVM_RDI : HVM_RSI];
    seg = in ? X86_SEG_ES : insn.mem.seg;
    step = (h->rflags & RFLAGS_DF) ? -(s64)bytes : (s64)bytes;
    count = insn.rep ? h->gpr[HVM_RCX] & amask : 1;

    for (done = 0; count && done < STRING_IO_BATCH && !wait; done++) {
        u64 off = *ptr & amask;
        int rc = string_element(v, &st, port, bytes, in, seg_linear(&st, seg, off));

        if (rc && rc != -ERESTART)
            return rc == -EIO ? HVM_STOPPED : HVM_INJECTED;
        wait = rc == -ERESTART;
        set_addr_reg(ptr, (off + step) & amask, insn.addr_bytes);
        count--;
        if (insn.rep)
            set_addr_reg(&h->gpr[HVM_RCX], count, insn.addr_bytes);
    }
    if (!count)
        advance(v, &st, insn.len);
    /* The element that asked for the wait is done; the rest (a REP) runs
     * when the vCPU runs again. */
    if (wait)
        vcpu_wait();
    return HVM_DONE_NO_ADVANCE;
}

enum hvm_result hvm_handle_io(struct vcpu *v, u16 port, unsigned int size,
                              bool in, bool string, bool rep, u64 next_rip)
{
    struct hvm_vcpu *h = v->arch.hvm;
    u32 val;

    if (string)
        return string_io(v, port, size, in);
    val = in ? 0 : (u32)h->gpr[HVM_RAX];
    if (!in && size < 4)
        val &= (1u << (size * 8)) - 1;
    if (hvm_io_access(&dom_of(v)->io, port, size, !in, &val) == -ERESTART)
        out_then_wait(v, next_rip);
    if (in)
        set_low(&h->gpr[HVM_RAX], val, size);
    return io_done(v, next_rip);
}

/* ---------------------------------------------------------------- MMIO */

static bool in_page(u64 gpa, u64 base, u64 size)
{
    return gpa >= base && gpa - base < size;
}

int hvm_mmio_handler_register(struct domain *d, hvm_mmio_fn fn, void *ctx,
                              const char *name)
{
    struct hvm_domain *hd = d->arch.hvm;

    if (hd->nr_mmio_handlers == HVM_MMIO_MAX_HANDLERS)
        return -ENOSPC;
    hd->mmio_handlers[hd->nr_mmio_handlers++] =
        (struct hvm_mmio_handler){ .fn = fn, .ctx = ctx, .name = name };
    return 0;
}

/* The device models' handlers, in order; -ENODEV when none claims @gpa. */
static int mmio_handlers(struct hvm_domain *hd, u64 gpa, unsigned int bytes,
                         bool write, u64 *val)
{
    for (unsigned int i = 0; i < hd->nr_mmio_handlers; i++) {
        const struct hvm_mmio_handler *m = &hd->mmio_handlers[i];
        int rc = m->fn(m->ctx, gpa, bytes, write, val);

        if (rc != -ENOENT)
            return rc;
    }
    return -ENODEV;
}

static int mmio_read(struct hvm_domain *hd, u64 gpa, unsigned int bytes, u64 *val)
{
    u64 ones = bytes == 8 ? ~0ull : (1ull << (bytes * 8)) - 1;
    int rc;

    if (in_page(gpa, VIOAPIC_BASE, VIOAPIC_MMIO_SIZE))
        return vioapic_mmio_read(&hd->vioapic, gpa - VIOAPIC_BASE, bytes, val);
    *val = ones;
    rc = mmio_handlers(hd, gpa, bytes, false, val);
    if (rc)
        *val = ones;
    return rc;
}

static int mmio_write(struct hvm_domain *hd, u64 gpa, unsigned int bytes, u64 val)
{
    if (in_page(gpa, VIOAPIC_BASE, VIOAPIC_MMIO_SIZE))
        return vioapic_mmio_write(&hd->vioapic, gpa - VIOAPIC_BASE, bytes, val);
    return mmio_handlers(hd, gpa, bytes, true, &val);
}

/*
 * The instruction was read again after the nested fault: another vCPU (or
 * a stale TLB entry the guest keeps) may have put something else there
 * than what faulted -- a store where a load of a read-only mapping
 * faulted.  Do what the CPU would do with this instruction and the guest's
 * tables as they are now: its operand, translated with its own access and
 * the vCPU's privilege, must reach the faulting page; a guest page fault
 * is delivered as the CPU would deliver it.  0: emulate; -EFAULT: the page
 * fault is queued; -EIO: the domain was stopped; -EAGAIN: the operand is
 * elsewhere, execute the instruction again.
 */
static int mmio_operand(struct vcpu *v, const struct hvm_cpu_state *st,
                        const struct x86_insn *insn, u64 gpa)
{
    struct hvm_vcpu *h = v->arch.hvm;
    unsigned int access = (x86_insn_is_load(insn) ? 0 : HVM_ACCESS_WRITE) |
                          (st->cpl == 3 ? HVM_ACCESS_USER : 0);
    u64 la = seg_linear(st, insn->mem.seg,
                        x86_insn_mem_offset(insn, h->gpr, h->rip + insn->len));
    u64 end = la + insn->op_bytes - 1;
    u64 first, last;
    u32 pfec;
    int rc;

    rc = hvm_translate(&dom_of(v)->mem, st, la, access, &first, &pfec);
    /* The last byte's page only when the operand crosses into it. */
    last = first;
    if (!rc && ((la ^ end) & PAGE_MASK))
        rc = hvm_translate(&dom_of(v)->mem, st, end, access, &last, &pfec);
    if (rc == -EIO) {
        hvm_domain_crash(v, "its page tables are outside its memory (the "
                         "operand at %#lx)", la);
        return -EIO;
    }
    if (rc) {
        hvm_ops->set_cr2(v, la);
        hvm_ops->inject(v, HVM_EVENT_EXCEPTION, X86_EXC_PF, pfec);
        return -EFAULT;
    }
    if (((first ^ gpa) & PAGE_MASK) && ((last ^ gpa) & PAGE_MASK))
        return -EAGAIN;
    return 0;
}

enum hvm_result hvm_handle_npf(struct vcpu *v, u64 gpa, bool write, bool fetch)
{
    struct hvm_domain *hd = dom_of(v);
    struct hvm_vcpu *h = v->arch.hvm;
    struct hvm_cpu_state st;
    struct x86_insn insn;
    bool load;
    u64 val = 0;
    int rc;

    if (fetch) {
        hvm_domain_crash(v, "executes at guest-physical %#lx, outside its RAM", gpa);
        return HVM_STOPPED;
    }
    if (fetch_decode(v, &st, &insn))
        return HVM_STOPPED;
    if (!x86_insn_is_mmio(&insn)) {
        hvm_domain_crash(v, "%s of guest-physical %#lx (outside its RAM) by an "
                         "instruction mhv does not emulate (%s)",
                         write ? "write" : "read", gpa, x86_insn_kind_name(insn.kind));
        return HVM_STOPPED;
    }
    rc = mmio_operand(v, &st, &insn, gpa);
    if (rc)
        return rc == -EIO ? HVM_STOPPED :
               rc == -EFAULT ? HVM_INJECTED : HVM_DONE_NO_ADVANCE;
    load = x86_insn_is_load(&insn);
    if (load) {
        rc = mmio_read(hd, gpa, insn.op_bytes, &val);
        h->gpr[insn.reg] = x86_insn_load_result(&insn, h->gpr[insn.reg], val);
    } else {
        rc = mmio_write(hd, gpa, insn.op_bytes, x86_insn_store_value(&insn, h->gpr));
    }
    if (rc == -ENODEV) {
        if (load)
            hd->npf_unclaimed_reads++;
        else
            hd->npf_unclaimed_writes++;
        gprintk(LOG_WARNING "d%u v%u: %s of %u bytes at guest-physical %#lx: "
                "nothing there (%s)\n", v->domain->domain_id, h->id,
                load ? "read" : "write", insn.op_bytes, gpa,
                load ? "reads all-ones" : "dropped");
    } else if (rc) {
        gprintk(LOG_WARNING "d%u v%u: %s of %u bytes at guest-physical %#lx: "
                "the device does not define it (%s)\n", v->domain->domain_id,
                h->id, load ? "read" : "write", insn.op_bytes, gpa,
                load ? "reads all-ones" : "dropped");
    }
    advance(v, &st, insn.len);
    return HVM_DONE_NO_ADVANCE;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hardware-virtualized (HVM) guests: the vendor-neutral interface.
 *
 * An HVM vCPU runs its guest through the CPU's virtualization extension.
 * Everything that depends on the vendor (AMD SVM today; Intel VT-x would be
 * a second implementation) sits behind struct hvm_vendor_ops: bringing a
 * CPU up, a vCPU's control block, entering the guest, decoding an exit.
 * The rest -- the run loop, interrupt injection policy, the exit handlers
 * that dispatch to the platform units (CPUID policy, MSRs, I/O ports, MMIO),
 * guest memory, the domain's life cycle -- is written once in arch/x86/hvm/.
 *
 * The vendor part translates each exit into one call of the neutral
 * handlers declared at the end of this header, and neutral code acts on
 * the guest's state only through struct hvm_vcpu (registers) and the ops
 * (control state, injection).
 */
#ifndef ASM_X86_HVM_HVM_H
#define ASM_X86_HVM_HVM_H

#include <mhv/types.h>
#include <mhv/compiler.h>

struct vcpu;
struct domain;

/* Guest general registers in x86 encoding order (ModRM numbers). */
enum hvm_gpr {
    HVM_RAX, HVM_RCX, HVM_RDX, HVM_RBX, HVM_RSP, HVM_RBP, HVM_RSI, HVM_RDI,
    HVM_R8, HVM_R9, HVM_R10, HVM_R11, HVM_R12, HVM_R13, HVM_R14, HVM_R15,
    HVM_NR_GPRS
};

/*
 * Exit reasons as counted for the control domain (vendor-neutral).  The
 * vendor part maps each of its exit codes to one of these.
 */
enum hvm_exit_reason {
    HVM_EXIT_INTR,          /* a physical interrupt or IPI ended the slice */
    HVM_EXIT_VINTR,         /* interrupt window opened */
    HVM_EXIT_CPUID,
    HVM_EXIT_HLT,
    HVM_EXIT_IO,
    HVM_EXIT_MSR_READ,
    HVM_EXIT_MSR_WRITE,
    HVM_EXIT_NPF,           /* nested page fault: MMIO or outside the map */
    HVM_EXIT_EXCEPTION,     /* an intercepted exception (#DB, #AC, #MC) */
    HVM_EXIT_SVM_INSN,      /* VMRUN, VMMCALL and the other SVM instructions */
    HVM_EXIT_SHUTDOWN,      /* triple fault */
    HVM_EXIT_OTHER,         /* NMI, SMI, INIT, INVD, RDPMC, PAUSE... */
    HVM_NR_EXIT_REASONS
};

/* Names for logs and mhvctl (index: enum hvm_exit_reason). */
extern const char *const hvm_exit_reason_names[HVM_NR_EXIT_REASONS];

/* The guest's control state the neutral code needs (read at an exit). */
struct hvm_cpu_state {
    u64 cr0, cr3, cr4, efer;
    u64 seg_base[6];        /* ES, CS, SS, DS, FS, GS (x86 encoding order) */
    u64 cs_base;
    bool cs_l, cs_db;       /* code segment: 64-bit, 32-bit default size */
    unsigned int cpl;
    unsigned int maxphyaddr;    /* physical address width (its CPUID):
                                   table entry bits above it are reserved */
};

/*
 * The state a boot loader hands a vCPU over in (protected or long mode):
 * control registers, flat segments from raw GDT descriptors, RIP/RSP/RSI.
 */
struct hvm_entry_state {
    u64 rip, rsp, rsi, rflags;
    u64 cr0, cr3, cr4, efer;
    u64 gdt_base;
    u16 gdt_limit;
    u16 cs, ds;                 /* selectors (ds also for es, ss, fs, gs) */
    u64 cs_desc, ds_desc;       /* their raw descriptors */
};

/* Event types for hvm_vendor_ops.inject(). */
enum hvm_event_type {
    HVM_EVENT_EXTINT,       /* an external interrupt (vLAPIC vector) */
    HVM_EVENT_NMI,
    HVM_EVENT_EXCEPTION,    /* a fault or trap, with an error code if valid */
};

#define HVM_NO_ERROR_CODE   (~0u)

/* x86 exception vectors injected by the handlers. */
#define X86_EXC_DB  1
#define X86_EXC_UD  6
#define X86_EXC_DF  8
#define X86_EXC_GP  13
#define X86_EXC_PF  14
#define X86_EXC_AC  17

/* What a guest-physical mapping allows (hvm_vendor_ops.p2m_map()). */
#define HVM_P2M_WRITE   (1u << 0)
#define HVM_P2M_EXEC    (1u << 1)
#define HVM_P2M_UC      (1u << 2)   /* uncached: device memory */

struct hvm_vendor_ops {
    const char *name;
    /* Enable the extension on the calling CPU (every CPU, once). */
    int (*cpu_up)(void);
    /*
     * The domain's nested translation: domain_init() makes it empty, the
     * domain's map fills it (p2m_map()/p2m_unmap() of guest-physical
     * ranges: machine-contiguous, @prot HVM_P2M_*; all or nothing),
     * p2m_flush() makes removed translations unreachable for every vCPU
     * before it returns, interrupting only CPUs the domain's vCPUs run on
     * (returns how many it interrupted), p2m_destroy() frees every table (no vCPU runs;
     * returns the pages), domain_destroy() what is left.
     */
    int (*domain_init)(struct domain *d);
    int (*p2m_map)(struct domain *d, u64 gpa, paddr_t pa, unsigned long npages,
                   unsigned int prot);
    void (*p2m_unmap)(struct domain *d, u64 gpa, unsigned long npages);
    unsigned int (*p2m_flush)(struct domain *d);
    unsigned long (*p2m_destroy)(struct domain *d);
    void (*domain_destroy)(struct domain *d);
    /* A vCPU's control block and state; @v->arch.hvm is set up. */
    int (*vcpu_init)(struct vcpu *v);
    void (*vcpu_destroy)(struct vcpu *v);
    /*
     * Put the vCPU in the architectural state after INIT (real mode at
     * F000:FFF0), or after a SIPI with @vector (real mode at vector << 12)
     * when @sipi.
     */
    void (*vcpu_reset)(struct vcpu *v, bool sipi, u8 vector);
    /* Load a whole entry state (a boot loader's hand-over). */
    void (*vcpu_set_state)(struct vcpu *v, const struct hvm_entry_state *st);
    /*
     * Enter the guest until the next exit.  Called with interrupts off;
     * returns with interrupts off, the exit recorded in the vendor state,
     * and a physical interrupt that ended the slice still pending (taken
     * when the caller enables interrupts).
     */
    void (*enter)(struct vcpu *v);
    /*
     * The vCPU leaves its CPU (the context switch, interrupts off): put
     * back the host's value of whatever enter() loaded of the vCPU's own
     * that the world switch does not carry, before anything else runs on
     * the CPU.
     */
    void (*vcpu_put)(struct vcpu *v);
    /* Handle the exit that enter() returned on (interrupts on). */
    void (*handle_exit)(struct vcpu *v);
    /* Guest control state at the last exit. */
    void (*get_state)(struct vcpu *v, struct hvm_cpu_state *st);
    /* Can an external interrupt be injected now (IF=1, no shadow, no
     * event already queued)? */
    bool (*interrupt_allowed)(struct vcpu *v);
    /* Is an event already queued for the next entry (a re-delivery)? */
    bool (*event_queued)(struct vcpu *v);
    /* Queue an event for the next entry. */
    void (*inject)(struct vcpu *v, enum hvm_event_type type, u8 vector,
                   u32 error_code);
    /* The instruction at RIP was emulated: an interrupt shadow (STI,
     * MOV SS) it stood in is over. */
    void (*clear_shadow)(struct vcpu *v);
    /* Ask for an exit as soon as an interrupt could be injected. */
    void (*request_window)(struct vcpu *v, bool on);
    /* Exit before the guest's next IRET (the end of an NMI handler: the
     * exit comes before the IRET executes, RIP on it). */
    void (*watch_iret)(struct vcpu *v, bool on);
    /* The vCPU's guest TSC offset (RDTSC in the guest = host TSC + it). */
    u64 (*tsc_offset)(struct vcpu *v);
    void (*set_tsc_offset)(struct vcpu *v, u64 offset);
    /* MSRs the vendor block holds: EFER (the guest's view: -EINVAL for a
     * value hardware refuses with #GP) and the guest PAT. */
    int (*set_efer)(struct vcpu *v, u64 efer);
    void (*set_pat)(struct vcpu *v, u64 pat);
    /* CR2 for a page fault about to be injected. */
    void (*set_cr2)(struct vcpu *v, u64 cr2);
    /* The guest's TPR as it set it through CR8 (V_TPR), 0-15. */
    u8 (*get_cr8)(struct vcpu *v);
};

/* The vendor in use, NULL when the CPU offers no usable extension. */
extern const struct hvm_vendor_ops *hvm_ops;

static inline bool hvm_enabled(void)
{
    return hvm_ops != NULL;
}

/*
 * Console input for @d's COM1 (the console switch, domain/console_io.c):
 * queues @len bytes; false when @d takes no console input (not HVM, or
 * not running).  @len 0 only asks.
 */
#ifdef CONFIG_HVM
bool hvm_console_input(struct domain *d, const char *s, size_t len);
#else
static inline bool hvm_console_input(struct domain *d, const char *s, size_t len)
{
    return false;
}
#endif

/*
 * Something became pending for @v (an interrupt, INIT, SIPI): wake it if
 * it sleeps, end its guest slice if it runs on another CPU.  Any context.
 */
void hvm_vcpu_kick(struct vcpu *v);

/* ---- vendor side: probing (called once by hvm_init()) ---- */
const struct hvm_vendor_ops *svm_probe(void);

/* ---- neutral handlers the vendor's exit handler calls ---- */

/* Outcome of a neutral handler. */
enum hvm_result {
    HVM_DONE,               /* emulated: advance RIP past the instruction */
    HVM_DONE_NO_ADVANCE,    /* handled, RIP already where it must be */
    HVM_INJECTED,           /* an exception was queued: RIP unchanged */
    HVM_STOPPED,            /* the domain was stopped (crash/shutdown) */
};

void hvm_count_exit(struct vcpu *v, enum hvm_exit_reason r);
enum hvm_result hvm_handle_cpuid(struct vcpu *v);
enum hvm_result hvm_handle_rdmsr(struct vcpu *v);
enum hvm_result hvm_handle_wrmsr(struct vcpu *v);
/*
 * Port I/O.  @next_rip is where the instruction ends, as the exit reported
 * it (the vendor knows it): a plain IN or OUT that completes leaves RIP
 * there (HVM_DONE_NO_ADVANCE); string forms are decoded.
 */
enum hvm_result hvm_handle_io(struct vcpu *v, u16 port, unsigned int size,
                              bool in, bool string, bool rep, u64 next_rip);
enum hvm_result hvm_handle_hlt(struct vcpu *v);
enum hvm_result hvm_handle_xsetbv(struct vcpu *v);
/*
 * Nested page fault at @gpa (@write, @fetch), the guest-physical map says
 * nothing is there: the I/O APIC's page, then the device models'
 * handlers, else nothing (reads all-ones, writes dropped; counted, logged).
 */
enum hvm_result hvm_handle_npf(struct vcpu *v, u64 gpa, bool write, bool fetch);

/*
 * A device model's share of the guest-physical space outside the map (the
 * held-back pages of a virtual PCI function's BARs): an access of @size 1,
 * 2, 4 or 8 bytes at @gpa; a write takes *@val, a read fills it.  Returns
 * 0 (done), -ENOENT (not its: the next handler is asked), or another
 * negative errno (its, but the device does not define the access: reads
 * all-ones, writes dropped, logged).  Called with interrupts on and no
 * lock held, on the vCPU that made the access.
 */
typedef int (*hvm_mmio_fn)(void *ctx, u64 gpa, unsigned int size, bool write,
                           u64 *val);
struct hvm_mmio_handler {
    hvm_mmio_fn fn;
    void *ctx;
    const char *name;
};
#define HVM_MMIO_MAX_HANDLERS   2
/*
 * Ask @fn (with @ctx) about @d's nested page faults outside its map.  0, or
 * -ENOSPC.  @pre the domain is being built: no vCPU runs.
 */
int hvm_mmio_handler_register(struct domain *d, hvm_mmio_fn fn, void *ctx,
                              const char *name);
/*
 * Skip the intercepted instruction at RIP (its length from the decoder):
 * HVM_DONE_NO_ADVANCE once RIP is past it, HVM_STOPPED if it could not be
 * fetched or decoded (the domain is stopped with the reason).
 */
enum hvm_result hvm_skip_insn(struct vcpu *v);
/* Inject #UD / #GP(0) for an instruction the guest may not run. */
enum hvm_result hvm_inject_ud(struct vcpu *v);
enum hvm_result hvm_inject_gp(struct vcpu *v);

/*
 * Stop the domain of @v: @crash (a guest error or an attack, logged with
 * the reason) or a clean shutdown (@code, e.g. its power-off).  The vCPU
 * stops at its next check; callers return HVM_STOPPED.
 */
void hvm_domain_crash(struct vcpu *v, const char *fmt, ...) __printf(2, 3);
void hvm_domain_shutdown(struct domain *d, unsigned int code, const char *why);

#endif /* ASM_X86_HVM_HVM_H */

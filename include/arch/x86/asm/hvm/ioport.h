/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port I/O dispatch for an HVM domain.
 *
 * Every port the guest touches is trapped.  A domain has a small table of
 * port ranges, each with a handler; an access to a port no handler claims
 * reads all-ones (of the access size) and its write is dropped, as on a PC
 * with nothing decoding the port.  Such accesses are counted per port in a
 * bounded table (HVM_IO_UNCLAIMED_SLOTS ports; later ports are counted
 * together in `unclaimed_overflow`), and the first access to each port is
 * logged (rate-limited), so a guest scanning all 65536 ports costs a
 * bounded amount of memory and log.
 *
 * An access of 2 or 4 bytes is given whole to the handler that claims all
 * its ports; one that straddles two handlers (or a handler and a hole) is
 * split into byte accesses, as an ISA bus would.
 *
 * hvm_io_register_pit_stub() claims ports 0x42 and 0x61 so that a kernel's
 * early PIT-based TSC calibration ends at once on a platform that has no
 * PIT: channel 2's counter (0x42) reads 0, which is never the 0xff the
 * calibration waits to see change, and port 0x61 reads the timer-2 output
 * bit (5) set, so a loop waiting for the counter to run out stops at its
 * first read.  Without it the calibration spins through ~100,000 port
 * reads, each an exit.
 *
 * The accesses each handler answers are counted too (reads and writes per
 * range, hvm_io_claimed_stats()), so that what a guest costs in port exits
 * can be told apart by device.
 *
 * Locking: the range table's claims are written only while the domain is
 * built (before any vCPU runs) and read-only afterwards; a range's access
 * counters are updated with atomic adds.  The unclaimed-port counters are
 * updated under io->lock (IRQ-safe), a leaf lock.  Handlers are called
 * without it and do their own locking.
 */
#ifndef ASM_X86_HVM_IOPORT_H
#define ASM_X86_HVM_IOPORT_H

#include <mhv/types.h>
#include <mhv/spinlock.h>

/*
 * A port handler: @port is the first port of the access, @size 1, 2 or 4
 * bytes (all within the handler's range), *@val the value written (low
 * @size bytes) or the place for the value read.  Returns 0; or, for a
 * write only, -ERESTART: the write is done and the handler queued the
 * running vCPU on a wait queue (<mhv/waitqueue.h>; a device reset the
 * guest asked for), so the vCPU must wait before it runs on; -ENOENT: an
 * access in its range that is not its (a byte at a port of a wider
 * register), treated as unclaimed; any other negative errno is logged
 * (rate-limited) by the dispatcher and the access is then treated as
 * unclaimed.
 */
typedef int (*hvm_io_fn)(void *ctx, u16 port, unsigned int size, bool write,
                         u32 *val);

#define HVM_IO_MAX_RANGES       16
#define HVM_IO_UNCLAIMED_SLOTS  64

struct hvm_io_range {
    u16 first;
    u16 count;          /* ports first .. first + count - 1 */
    hvm_io_fn fn;
    void *ctx;
    const char *name;
    u64 reads, writes;  /* accesses the handler answered (atomic adds) */
};

/* A claimed range and its access counts, as hvm_io_claimed_stats() gives them. */
struct hvm_io_claimed {
    u16 first, count;
    const char *name;
    u64 reads, writes;
};

struct hvm_io_unclaimed {
    u16 port;
    u32 reads, writes;
};

struct hvm_ioports {
    unsigned int domid;             /* for log lines */
    unsigned int nr_ranges;
    struct hvm_io_range ranges[HVM_IO_MAX_RANGES];   /* sorted by first */
    spinlock_t lock;                /* the counters below */
    unsigned int nr_unclaimed;
    struct hvm_io_unclaimed unclaimed[HVM_IO_UNCLAIMED_SLOTS];
    u64 unclaimed_overflow;         /* accesses to ports without a slot */
    u8 pit_port61;                  /* the stub's gate/speaker bits */
};

void hvm_io_init(struct hvm_ioports *io, unsigned int domid);

/*
 * Claim ports @first .. @first + @count - 1 for @fn(@ctx).  Returns 0,
 * -EINVAL for an empty or wrapping range, -EEXIST when it overlaps a
 * claimed range, -ENOSPC when the table is full.
 * @pre the domain is being built: no vCPU runs.
 */
int hvm_io_register(struct hvm_ioports *io, u16 first, u16 count,
                    hvm_io_fn fn, void *ctx, const char *name);

/* Claim 0x42 and 0x61 with the calibration stub described above. */
int hvm_io_register_pit_stub(struct hvm_ioports *io);

/*
 * A guest IN (@write false) or OUT of @size (1, 2, 4) bytes at @port:
 * *@val is what OUT wrote, or receives what IN reads (the low @size bytes;
 * the rest zero).  Returns 0; -ERESTART when a handler's write asked the
 * running vCPU to wait (above: the access is complete, let the vCPU wait);
 * -EINVAL for a bad size (nothing done).
 */
int hvm_io_access(struct hvm_ioports *io, u16 port, unsigned int size,
                  bool write, u32 *val);

/*
 * Copy out the unclaimed-port counters: up to @max entries into @out,
 * returns how many there are in all; *@overflow gets unclaimed_overflow
 * (may be NULL).  For the control domain's statistics.
 */
unsigned int hvm_io_unclaimed_stats(struct hvm_ioports *io,
                                    struct hvm_io_unclaimed *out,
                                    unsigned int max, u64 *overflow);

/*
 * Copy out the claimed ranges with their access counts, in port order: up
 * to @max entries into @out; returns how many ranges there are in all.
 * A refused access is counted as unclaimed, not here.
 */
unsigned int hvm_io_claimed_stats(struct hvm_ioports *io,
                                  struct hvm_io_claimed *out, unsigned int max);

#endif /* ASM_X86_HVM_IOPORT_H */

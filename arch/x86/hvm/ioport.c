/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port I/O dispatch for HVM domains (see <asm/hvm/ioport.h>).
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/spinlock.h>
#include <asm/hvm/ioport.h>

void hvm_io_init(struct hvm_ioports *io, unsigned int domid)
{
    memset(io, 0, sizeof(*io));
    io->domid = domid;
    spin_lock_init_class(&io->lock, "hvm_ioports->lock");
}

int hvm_io_register(struct hvm_ioports *io, u16 first, u16 count,
                    hvm_io_fn fn, void *ctx, const char *name)
{
    unsigned int i, pos;
    u32 last = (u32)first + count - 1;

    if (!count || !fn || last > 0xffff)
        return -EINVAL;
    if (io->nr_ranges >= HVM_IO_MAX_RANGES)
        return -ENOSPC;
    for (pos = 0; pos < io->nr_ranges; pos++) {
        const struct hvm_io_range *r = &io->ranges[pos];
        u32 r_last = (u32)r->first + r->count - 1;

        if (first <= r_last && last >= r->first)
            return -EEXIST;
        if (r->first > first)
            break;
    }
    for (i = io->nr_ranges; i > pos; i--)
        io->ranges[i] = io->ranges[i - 1];
    io->ranges[pos] = (struct hvm_io_range){ .first = first, .count = count,
                                             .fn = fn, .ctx = ctx, .name = name };
    io->nr_ranges++;
    return 0;
}

static struct hvm_io_range *find_range(struct hvm_ioports *io, u16 port)
{
    unsigned int lo = 0, hi = io->nr_ranges;

    while (lo < hi) {
        unsigned int mid = (lo + hi) / 2;
        struct hvm_io_range *r = &io->ranges[mid];

        if (port < r->first)
            hi = mid;
        else if (port - r->first >= r->count)
            lo = mid + 1;
        else
            return r;
    }
    return NULL;
}

/* Count an access to a port nobody claims; log the first one per port. */
static void count_unclaimed(struct hvm_ioports *io, u16 port, bool write)
{
    unsigned long flags;
    unsigned int i;
    bool first = false;

    spin_lock_irqsave(&io->lock, flags);
    for (i = 0; i < io->nr_unclaimed; i++)
        if (io->unclaimed[i].port == port)
            break;
    if (i == io->nr_unclaimed) {
        if (i < HVM_IO_UNCLAIMED_SLOTS) {
            io->unclaimed[i] = (struct hvm_io_unclaimed){ .port = port };
            io->nr_unclaimed++;
            first = true;
        } else {
            io->unclaimed_overflow++;
            spin_unlock_irqrestore(&io->lock, flags);
            return;
        }
    }
    if (write)
        io->unclaimed[i].writes++;
    else
        io->unclaimed[i].reads++;
    spin_unlock_irqrestore(&io->lock, flags);

    if (first)
        gprintk("d%u: %s of unclaimed port %#x (reads all-ones, "
                "writes dropped)\n", io->domid, write ? "write" : "read", port);
}

/* One access wholly inside one range, or to a hole: 0, or -ERESTART from
 * a handler's write (done; the vCPU must wait). */
static int access_one(struct hvm_ioports *io, u16 port, unsigned int size,
                      bool write, u32 *val)
{
    struct hvm_io_range *r = find_range(io, port);
    u32 mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    u32 v = write ? *val & mask : 0;

    if (r) {
        int rc = r->fn(r->ctx, port, size, write, &v);

        if (!rc || (rc == -ERESTART && write)) {
            __atomic_add_fetch(write ? &r->writes : &r->reads, 1, __ATOMIC_RELAXED);
            if (!write)
                *val = v & mask;
            return rc;
        }
        if (rc != -ENOENT)
            gprintk("d%u: %s handler refused %s of %u bytes at port %#x: %d\n",
                    io->domid, r->name ? r->name : "port",
                    write ? "write" : "read", size, port, rc);
    }
    count_unclaimed(io, port, write);
    if (!write)
        *val = mask;
    return 0;
}

/* Does one range claim all of [port, port + size)? */
static bool one_handler(struct hvm_ioports *io, u16 port, unsigned int size)
{
    const struct hvm_io_range *r = find_range(io, port);

    if ((u32)port + size - 1 > 0xffff)
        return false;
    if (!r)
        return !find_range(io, port + size - 1) &&
               (size < 3 || !find_range(io, port + 1)) &&
               (size < 4 || !find_range(io, port + 2));
    return (u32)port + size <= (u32)r->first + r->count;
}

int hvm_io_access(struct hvm_ioports *io, u16 port, unsigned int size,
                  bool write, u32 *val)
{
    if (size != 1 && size != 2 && size != 4)
        return -EINVAL;
    if (one_handler(io, port, size))
        return access_one(io, port, size, write, val);
    /* Split into bytes, as an ISA bus does; ports wrap at 64 KiB.  Every
     * byte is written even after one whose handler wants the vCPU to wait. */
    {
        u32 in = write ? *val : 0, out = 0;
        int rc = 0;

        for (unsigned int i = 0; i < size; i++) {
            u32 b = (in >> (8 * i)) & 0xff;

            if (access_one(io, (u16)(port + i), 1, write, &b))
                rc = -ERESTART;
            out |= (b & 0xff) << (8 * i);
        }
        if (!write)
            *val = out;
        return rc;
    }
}

unsigned int hvm_io_unclaimed_stats(struct hvm_ioports *io,
                                    struct hvm_io_unclaimed *out,
                                    unsigned int max, u64 *overflow)
{
    unsigned long flags;
    unsigned int n;

    spin_lock_irqsave(&io->lock, flags);
    n = io->nr_unclaimed;
    for (unsigned int i = 0; i < n && i < max; i++)
        out[i] = io->unclaimed[i];
    if (overflow)
        *overflow = io->unclaimed_overflow;
    spin_unlock_irqrestore(&io->lock, flags);
    return n;
}

unsigned int hvm_io_claimed_stats(struct hvm_ioports *io,
                                  struct hvm_io_claimed *out, unsigned int max)
{
    for (unsigned int i = 0; i < io->nr_ranges && i < max; i++) {
        const struct hvm_io_range *r = &io->ranges[i];

        out[i] = (struct hvm_io_claimed){
            .first = r->first, .count = r->count, .name = r->name,
            .reads = __atomic_load_n(&r->reads, __ATOMIC_RELAXED),
            .writes = __atomic_load_n(&r->writes, __ATOMIC_RELAXED),
        };
    }
    return io->nr_ranges;
}

/*
 * The PIT calibration stub.  Port 0x42 (channel 2's counter) reads 0 and
 * ignores writes; port 0x61 keeps the gate and speaker bits (1:0) written
 * and reads the timer-2 output (bit 5) high.
 */
#define PORT61_WRITABLE 0x03
#define PORT61_OUT2     0x20

static int pit_stub_io(void *ctx, u16 port, unsigned int size, bool write,
                       u32 *val)
{
    struct hvm_ioports *io = ctx;

    if (port == 0x61) {
        if (write)
            io->pit_port61 = *val & PORT61_WRITABLE;
        else
            *val = io->pit_port61 | PORT61_OUT2;
    } else if (!write) {
        *val = 0;
    }
    return 0;
}

int hvm_io_register_pit_stub(struct hvm_ioports *io)
{
    int rc = hvm_io_register(io, 0x42, 1, pit_stub_io, io, "pit-stub");

    if (!rc)
        rc = hvm_io_register(io, 0x61, 1, pit_stub_io, io, "pit-stub");
    return rc;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * console_io: domains write to the console; the control domain, which owns
 * the serial input, also reads it.  The control domain's output goes out as
 * it is (it drives the console); other domains' lines are prefixed with
 * "(dN) " and written whole, rate-limited per domain (common/dom_console.c).
 */
#include <mhv/hypercall.h>
#include <mhv/domain.h>
#include <mhv/console.h>
#include <mhv/dom_console.h>
#include <mhv/time.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <asm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <mhv/domain_list.h>
#include <public/mhv.h>

static long console_write_from(struct domain *d, unsigned long buf, unsigned long count)
{
    char chunk[256];
    unsigned long done = 0;

    if (count > CONSOLEIO_MAX)
        return -EINVAL;
    while (done < count) {
        size_t n = min(count - done, sizeof(chunk));

        if (copy_from_guest(chunk, buf + done, n))
            return done ? (long)done : -EFAULT;
        if (is_control_domain(d))
            console_write_raw(d->domain_id, chunk, n);
        else
            dom_console_write(&d->console, d->domain_id, chunk, n, NOW());
        done += n;
    }
    return done;
}

/*
 * Serial input focus.  The control domain reads the serial line; what it
 * reads is its own unless the focus is on a domain that takes console
 * input (an HVM guest's COM1): Ctrl-A three times moves the focus to the
 * next such domain, and from the last one back to the control domain (as
 * Xen's console does).  A single or double Ctrl-A followed by anything
 * else is passed on.  Only the control domain's vCPU touches this state.
 */
#define FOCUS_KEY       0x01    /* Ctrl-A */
#define FOCUS_PRESSES   3
#define FOCUS_MAX_DOMID 256
static domid_t input_focus;     /* 0: the control domain */
static unsigned int focus_keys;

static void switch_focus(void)
{
    for (unsigned int id = input_focus + 1; id < FOCUS_MAX_DOMID; id++) {
        struct domain *t = domain_by_id((domid_t)id);

        if (t && hvm_console_input(t, NULL, 0)) {
            input_focus = (domid_t)id;
            printk("console input now goes to d%u (Ctrl-A three times to "
                   "switch)\n", id);
            return;
        }
    }
    input_focus = 0;
    printk("console input now goes to the control domain\n");
}

/* One input byte: to the domain in focus, or kept for the control domain
 * (returns true). */
static bool route_input(char c)
{
    struct domain *t;

    if (!input_focus)
        return true;
    t = domain_by_id(input_focus);
    if (t && hvm_console_input(t, &c, 1))
        return false;
    printk("d%u takes no more console input: back to the control domain\n",
           input_focus);
    input_focus = 0;
    return true;
}

static long console_read_to(struct domain *d, unsigned long buf, unsigned long count)
{
    char chunk[64];
    size_t n = 0;

    if (!is_control_domain(d))
        return -EPERM;
    if (count > CONSOLEIO_MAX)
        return -EINVAL;
    /* Make sure the buffer takes the bytes before taking them off the
     * serial line: input read and then lost to a fault is gone for good. */
    if (count && (copy_to_guest(buf, "", 1) ||
                  copy_to_guest(buf + min(count, sizeof(chunk)) - 1, "", 1)))
        return -EFAULT;
    while (n < count && n < sizeof(chunk)) {
        int c = console_getc();

        if (c < 0)
            break;
        if (c == FOCUS_KEY) {
            if (++focus_keys == FOCUS_PRESSES) {
                focus_keys = 0;
                switch_focus();
            }
            continue;
        }
        for (; focus_keys && n < sizeof(chunk); focus_keys--)
            if (route_input(FOCUS_KEY))
                chunk[n++] = FOCUS_KEY;
        if (n < sizeof(chunk) && route_input((char)c))
            chunk[n++] = c;
    }
    if (n && copy_to_guest(buf, chunk, n))
        return -EFAULT;
    return n;
}

static long do_console_io(unsigned long cmd, unsigned long count,
                          unsigned long buf, unsigned long a4, unsigned long a5)
{
    struct domain *d = current_domain();

    switch (cmd) {
    case CONSOLEIO_write:
        return console_write_from(d, buf, count);
    case CONSOLEIO_read:
        return console_read_to(d, buf, count);
    default:
        return -ENOSYS;
    }
}
DEFINE_HYPERCALL(__HYPERVISOR_console_io, do_console_io);

/* SPDX-License-Identifier: GPL-2.0 */
/* Message-signalled interrupts into an HVM guest (<asm/hvm/msi.h>). */
#include <asm/hvm/msi.h>
#include <asm/hvm/domain.h>
#include <asm/hvm/vcpu.h>
#include <asm/hvm/vlapic.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/bug.h>
#include <mhv/errno.h>

/* The destination field of a compatibility-format message is 8 bits;
 * all ones there is a broadcast. */
#define MSI_DEST_BROADCAST  0xffu

int hvm_msi_dest_vcpu(struct domain *d, u32 dest, bool logical)
{
    struct hvm_domain *hd = d->arch.hvm;
    const struct vlapic_irq irq = { .dest = dest, .logical = logical,
                                    .dm = VLAPIC_DM_FIXED };
    int found = -ENOENT;

    if (dest == MSI_DEST_BROADCAST)
        return -EINVAL;
    for (unsigned int i = 0; i < hd->nr_vcpus; i++) {
        if (!vlapic_match(&hd->vcpus[i]->arch.hvm->vlapic, NULL, &irq))
            continue;
        if (found >= 0)
            return -EINVAL;
        found = (int)i;
    }
    return found;
}

void hvm_msi_inject(struct domain *d, unsigned int vcpu, u8 vector)
{
    struct hvm_domain *hd = d->arch.hvm;
    const struct vlapic_irq irq = { .dest = vcpu, .vector = vector,
                                    .dm = VLAPIC_DM_FIXED };

    ASSERT(vcpu < hd->nr_vcpus);
    if (vcpu < hd->nr_vcpus)
        vlapic_deliver(&hd->vcpus[vcpu]->arch.hvm->vlapic, &irq);
}

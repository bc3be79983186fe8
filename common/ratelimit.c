/* SPDX-License-Identifier: GPL-2.0 */
/* A token bucket for log lines (<mhv/ratelimit.h>). */
#include <mhv/ratelimit.h>
#include <mhv/compiler.h>

bool ratelimit_pass(struct ratelimit *rl, s64 now_ns, unsigned long *suppressed)
{
    *suppressed = 0;
    if (!rl->started) {
        rl->started = true;
        rl->tokens = rl->burst;
        rl->refilled_ns = now_ns;
    } else if (now_ns > rl->refilled_ns) {
        u64 add = (u64)(now_ns - rl->refilled_ns) / (u64)rl->interval_ns;

        if (add >= rl->burst - rl->tokens) {
            rl->tokens = rl->burst;
            rl->refilled_ns = now_ns;   /* a full bucket saves nothing up */
        } else if (add) {
            rl->tokens += (unsigned int)add;
            /* Whole intervals only: the rest of one counts next time. */
            rl->refilled_ns += (s64)add * rl->interval_ns;
        }
    }
    if (!rl->tokens) {
        rl->suppressed++;
        return false;
    }
    rl->tokens--;
    *suppressed = rl->suppressed;
    rl->suppressed = 0;
    return true;
}

/* Idempotency memory (docs/protocol.md section 6): encoded write-class answers per
 * (session id, seq), in a fixed byte pool used as a ring, oldest forgotten first. */
#include <string.h>

#include "fw_internal.h"

typedef struct {
    bool used;
    uint64_t id;
    uint64_t highest_seq_seen;
    /* the highest seq of a forgotten write answer: at or below it a key not in memory may have run */
    uint64_t forgotten_high;
    double last_seen;
} idem_session_t;

typedef struct {
    uint8_t session;
    uint64_t seq;
    uint64_t hash;
    double stored_at;
    uint32_t offset, len;
} idem_entry;

static idem_session_t sessions[FW_MAX_SESSIONS];
static idem_entry entries[FW_IDEM_ENTRIES];   /* a FIFO ring: oldest at `oldest` */
static uint32_t oldest, count;
static uint8_t pool[FW_IDEM_POOL_BYTES];
static uint32_t write_at;

uint64_t idem_hash(const uint8_t *data, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;   /* FNV-1a, 64 bits: the spec asks for at least 64 */
    while (len--) {
        h ^= *data++;
        h *= 0x100000001b3u;
    }
    return h;
}

static void forget_oldest(void)
{
    idem_entry *e = &entries[oldest];
    if (e->session < FW_MAX_SESSIONS && e->seq > sessions[e->session].forgotten_high)
        sessions[e->session].forgotten_high = e->seq;
    oldest = (oldest + 1) % FW_IDEM_ENTRIES;
    count--;
}

static void expire(double now)
{
    while (count > 0 && now - entries[oldest].stored_at > FW_IDEM_TTL_SECONDS)
        forget_oldest();
}

void idem_reset(void)
{
    memset(sessions, 0, sizeof sessions);
    oldest = count = write_at = 0;
}

int idem_session(uint64_t session_id, bool *resumed, uint64_t *highest_seq_seen)
{
    double now = hal_time_seconds();
    int free_slot = -1, stalest = 0;
    for (int i = 0; i < FW_MAX_SESSIONS; i++) {
        if (sessions[i].used && sessions[i].id == session_id) {
            sessions[i].last_seen = now;
            *resumed = true;
            *highest_seq_seen = sessions[i].highest_seq_seen;
            return i;
        }
        if (!sessions[i].used && free_slot < 0)
            free_slot = i;
        if (sessions[i].last_seen < sessions[stalest].last_seen)
            stalest = i;
    }
    int slot = free_slot >= 0 ? free_slot : stalest;
    if (free_slot < 0) {
        /* the stalest session's answers go with it: its host sees session_resumed = false and
           does not retransmit (section 6), so nothing can run twice */
        for (uint32_t k = 0, i = oldest; k < count; k++, i = (i + 1) % FW_IDEM_ENTRIES)
            if (entries[i].session == slot)
                entries[i].session = FW_MAX_SESSIONS;   /* unreachable from now on */
    }
    sessions[slot] = (idem_session_t){.used = true, .id = session_id, .last_seen = now};
    *resumed = false;
    *highest_seq_seen = 0;
    return slot;
}

void idem_executed(int session, uint64_t seq)
{
    if (seq > sessions[session].highest_seq_seen)
        sessions[session].highest_seq_seen = seq;
}

idem_lookup idem_find(int session, uint64_t seq, uint64_t request_hash, const uint8_t **payload, size_t *len)
{
    expire(hal_time_seconds());
    for (uint32_t k = 0, i = oldest; k < count; k++, i = (i + 1) % FW_IDEM_ENTRIES) {
        idem_entry *e = &entries[i];
        if (e->session != session || e->seq != seq)
            continue;
        if (e->hash != request_hash)
            return IDEM_CONFLICT;
        *payload = pool + e->offset;
        *len = e->len;
        return IDEM_REPLAY;
    }
    return seq <= sessions[session].forgotten_high ? IDEM_FORGOTTEN : IDEM_NEW;
}

static bool overlaps_live(uint32_t at, uint32_t len)
{
    for (uint32_t k = 0, i = oldest; k < count; k++, i = (i + 1) % FW_IDEM_ENTRIES) {
        const idem_entry *e = &entries[i];
        if (e->len > 0 && at < e->offset + e->len && e->offset < at + len)
            return true;
    }
    return false;
}

void idem_store(int session, uint64_t seq, uint64_t request_hash, const uint8_t *payload, size_t len)
{
    idem_session_t *s = &sessions[session];
    if (len > FW_IDEM_POOL_BYTES) {
        /* cannot be kept: counted as forgotten at once, so its retransmission is refused */
        if (seq > s->forgotten_high)
            s->forgotten_high = seq;
        return;
    }
    uint32_t at = write_at;
    if (at + len > FW_IDEM_POOL_BYTES)
        at = 0;
    while (count > 0 && (count == FW_IDEM_ENTRIES || overlaps_live(at, (uint32_t)len)))
        forget_oldest();
    memcpy(pool + at, payload, len);
    entries[(oldest + count) % FW_IDEM_ENTRIES] = (idem_entry){
        .session = (uint8_t)session, .seq = seq, .hash = request_hash,
        .stored_at = hal_time_seconds(), .offset = at, .len = (uint32_t)len};
    count++;
    write_at = at + (uint32_t)len;
}

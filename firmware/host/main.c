/* crossbar-fw-host: the reference firmware on a PC, its HAL backed by device_model.c, served
 * on TCP (--listen HOST:PORT) or on a serial port or pty (--serial PATH). Prints one line,
 * "ready: <where>", once it serves, as `crossbar sim` does. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "crossbar_fw.h"
#include "device_model.h"

/* Answers a connection's peer has not taken yet: room for the largest frame and then some. While
 * any wait, the board reads nothing more from that connection (docs/protocol.md section 7.1),
 * so a host that sends without reading holds at most this much of the board, and the other
 * connections are served meanwhile. */
#define OUT_BYTES (2 * (FW_MAX_FRAME_BYTES + FW_MAX_FRAME_BYTES / 254 + 2))

typedef struct {
    int fd;
    bool broken;   /* a write failed: the next read reports the connection closed */
    size_t pending;
    uint8_t out[OUT_BYTES];
} host_link;

static int listener = -1;
static host_link links[FW_MAX_CONNS];
static bool is_serial;
static volatile sig_atomic_t stopping;
static struct timespec started;
static unsigned long frames_dropped_unread;

double hal_time_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - started.tv_sec) + (now.tv_nsec - started.tv_nsec) * 1e-9;
}

/* Writes what the link can take now without blocking; returns how many bytes it took. */
static size_t write_some(host_link *l, const uint8_t *bytes, size_t len)
{
    size_t done = 0;
    while (done < len && !l->broken) {
        ssize_t n = is_serial ? write(l->fd, bytes + done, len - done)
                              : send(l->fd, bytes + done, len - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            bool full = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
            /* a pty without a reader is not broken: its next host opens it again */
            l->broken = !full && !is_serial;
            break;
        }
    }
    return done;
}

static void flush_link(host_link *l)
{
    if (l->pending == 0 || l->fd < 0)
        return;
    size_t n = write_some(l, l->out, l->pending);
    memmove(l->out, l->out + n, l->pending - n);
    l->pending -= n;
}

static void close_link(host_link *l)
{
    close(l->fd);
    l->fd = -1;
    l->broken = false;
    l->pending = 0;
}

long hal_link_read(int conn, uint8_t *buf, size_t max)
{
    host_link *l = &links[conn];
    if (l->fd < 0)
        return -1;
    flush_link(l);
    if (l->broken) {
        close_link(l);
        return -1;
    }
    if (l->pending > 0)
        return 0;   /* its answers are not being read: take no more requests from it */
    ssize_t n = read(l->fd, buf, max);
    if (n > 0)
        return (long)n;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return 0;
    if (is_serial)
        return 0;   /* a pty whose other end is closed: wait for the next host to open it */
    close_link(l);
    return -1;
}

void hal_link_write(int conn, const uint8_t *bytes, size_t len)
{
    host_link *l = &links[conn];
    if (l->fd < 0 || l->broken)
        return;
    flush_link(l);
    if (l->pending > 0 && len > OUT_BYTES - l->pending) {
        /* whole frames only: a peer that leaves this much unread loses this one (an event, or an
           answer beyond its window); it sees the gap by seq or event_seq */
        if (frames_dropped_unread++ % 1000 == 0)
            fprintf(stderr, "crossbar-fw-host: connection %d reads nothing: %lu frame(s) dropped so far\n", conn,
                    frames_dropped_unread);
        return;
    }
    size_t n = l->pending > 0 ? 0 : write_some(l, bytes, len);
    memcpy(l->out + l->pending, bytes + n, len - n);
    l->pending += len - n;
}

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: crossbar-fw-host (--listen HOST:PORT | --serial PATH) [--seed N]\n"
                    "  serves the reference firmware with a simulated crossbar; prints 'ready: <where>'\n");
    return 2;
}

static int open_listener(const char *spec)
{
    char host[64];
    const char *colon = strrchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= sizeof host) {
        fprintf(stderr, "--listen %s: expected HOST:PORT\n", spec);
        return -1;
    }
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (*end || port < 0 || port > 65535 || inet_pton(AF_INET, host, &a.sin_addr) != 1) {
        fprintf(stderr, "--listen %s: expected an IPv4 HOST and a PORT 0-65535\n", spec);
        return -1;
    }
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    socklen_t len = sizeof a;
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 8) != 0
        || getsockname(s, (struct sockaddr *)&a, &len) != 0) {
        fprintf(stderr, "--listen %s: %s\n", spec, strerror(errno));
        close(s);
        return -1;
    }
    fcntl(s, F_SETFL, O_NONBLOCK);
    printf("ready: tcp %s:%u\n", host, ntohs(a.sin_port));
    fflush(stdout);
    return s;
}

static int open_serial(const char *path)
{
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        fprintf(stderr, "--serial %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        cfsetspeed(&t, B115200);
        tcsetattr(fd, TCSANOW, &t);
    }
    printf("ready: serial %s @ 115200\n", path);
    fflush(stdout);
    return fd;
}

static void accept_all(void)
{
    for (;;) {
        int c = accept(listener, NULL, NULL);
        if (c < 0)
            return;
        int slot = -1;
        for (int i = 0; i < FW_MAX_CONNS && slot < 0; i++)
            if (links[i].fd < 0)
                slot = i;
        if (slot < 0) {
            close(c);   /* every slot taken: the host sees the connection refused at once */
            continue;
        }
        int one = 1;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(c, F_SETFL, O_NONBLOCK);
        links[slot] = (host_link){.fd = c};
        fw_connection_opened(slot);
    }
}

int main(int argc, char **argv)
{
    const char *listen_at = NULL, *serial = NULL;
    uint64_t seed = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--listen") && i + 1 < argc)
            listen_at = argv[++i];
        else if (!strcmp(argv[i], "--serial") && i + 1 < argc)
            serial = argv[++i];
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else
            return usage();
    }
    if (!listen_at == !serial)
        return usage();
    clock_gettime(CLOCK_MONOTONIC, &started);
    for (int i = 0; i < FW_MAX_CONNS; i++)
        links[i].fd = -1;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    model_init(seed);
    fw_init();
    if (serial) {
        is_serial = true;
        if ((links[0].fd = open_serial(serial)) < 0)
            return 1;
        fw_line_opened(0);
    } else if ((listener = open_listener(listen_at)) < 0) {
        return 1;
    }
    while (!stopping) {
        struct pollfd p[FW_MAX_CONNS + 1];
        nfds_t n = 0;
        if (listener >= 0)
            p[n++] = (struct pollfd){.fd = listener, .events = POLLIN};
        /* a connection with answers waiting is watched for room to write them, not for requests */
        for (int i = 0; i < FW_MAX_CONNS; i++)
            if (links[i].fd >= 0)
                p[n++] = (struct pollfd){.fd = links[i].fd, .events = links[i].pending > 0 ? POLLOUT : POLLIN};
        int ready = poll(p, n, 10);
        for (int i = 0; i < FW_MAX_CONNS; i++)
            flush_link(&links[i]);
        if (ready > 0 && is_serial && (p[0].revents & POLLHUP) && !(p[0].revents & POLLIN)) {
            struct timespec pause = {0, 10 * 1000 * 1000};   /* no host on the pty: do not spin */
            nanosleep(&pause, NULL);
        }
        if (listener >= 0)
            accept_all();
        fw_poll();
        fw_tick();
    }
    fw_shutdown();
    for (int i = 0; i < FW_MAX_CONNS; i++)
        flush_link(&links[i]);   /* best effort: the shutdown event to whoever still reads */
    return 0;
}

#ifndef CPLUGINSPAWN_H
#define CPLUGINSPAWN_H

/* Process-spawning calls the Swift Glibc module does not expose (they need _GNU_SOURCE). */

/* pipe2(fds, O_CLOEXEC): both ends close-on-exec from the start, so no concurrently spawned
   process inherits them. Returns 0, or -1 with errno set. */
int cairn_pipe_cloexec(int fds[2]);

/* Adds "close every descriptor from `from` up" to posix_spawn file actions, where the C library
   has it (glibc 2.34+). `actions` is a posix_spawn_file_actions_t *. Returns 0 or an error number;
   returns 0 and does nothing where unsupported. */
int cairn_spawn_add_closefrom(void *actions, int from);

#endif

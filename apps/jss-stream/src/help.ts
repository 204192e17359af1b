/** The commands of the CLI. */
export const commandNames = [
  'put',
  'get',
  'ls',
  'uploads',
  'abort',
  'mb',
  'rb',
  'rm',
  'presign',
  'completion',
] as const
/** One of {@link commandNames}. */
export type CommandName = (typeof commandNames)[number]

const connection = `Connection (flags over environment):
  --endpoint URL        JSS endpoint (env JSS_ENDPOINT), e.g. https://s-bj.jcloud.com
  --region REGION       cn-north-1, cn-east-2 or cn-south-1 instead of --endpoint
  --access-key KEY      access key (env JSS_ACCESS_KEY)
  --secret-key SECRET   secret key (env JSS_SECRET_KEY); prefer the environment
  --addressing STYLE    auto (default), virtual-host or path
  --timeout DURATION    per attempt: how long to wait for an answer or for body progress
                        (env JSS_TIMEOUT; default 60s); 6 attempts per request; get also
                        drops and resumes a body slower than 1 KiB/s over each such window
  --verbose             log every request (method, resource, status, request id, attempt)
  --debug               print stack traces
  -h, --help            this help`

const general = `jss-stream: stream data into JD Cloud JSS through multipart upload.

Usage: jss-stream <command> [options]

Commands:
  put <bucket>/<key>               upload standard input
  get <bucket>/<key>               download to standard output
  ls <bucket>[/prefix]             list objects
  uploads <bucket>[/prefix]        list open multipart uploads
  abort <bucket>/<key> <uploadId>  abort an upload (--all <bucket>[/prefix]: every one)
  mb <bucket>                      create a bucket
  rb <bucket>                      delete an empty bucket
  rm <bucket>/<key>                delete an object
  presign <bucket>/<key>           print a presigned URL
  completion bash|zsh|fish         print a shell completion script

Examples:
  tar c dir | jss-stream put backups/dir.tar
  jss-stream get backups/dir.tar | tar t

Run jss-stream <command> --help for a command's options. jss-stream --version prints the version.

${connection}

Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).
Signals: the first SIGINT or SIGTERM cleans up (aborts the upload) and sets the status; more signals
in the next 3 s are ignored (wrappers such as pnpm exec or timeout send their own); one after that
exits at once, saying what was left behind and how to remove it.
`

const commands: Record<CommandName, string> = {
  put: `Usage: jss-stream put <bucket>/<key> [options] < data

Upload standard input to an object, in parts, without knowing its length.
The key is everything after the first "/", taken verbatim.

Options:
  --part-size SIZE      first part size, 5MiB to 5GiB (default 8MiB; grows for very long streams)
  --concurrency N       parts uploaded at once (default 4)
  --memory-limit SIZE   most bytes buffered at once (default: part size x (concurrency + 1))
  --size SIZE           expected total size, a hint for the part size
  --exact-size          fail unless the input is exactly --size bytes
  --storage-class CLASS STANDARD or REDUCED_REDUNDANCY
  --sse                 server-side encryption
  --content-type TYPE   stored with the object
  --meta K=V            user metadata, repeatable
  --resume FILE         journal: created when absent, resumed when present, deleted on success
  --keep-on-error       leave the parts uploaded so far on failure (default: abort the upload)
  --sha256              compute the SHA-256 of the input
  --json                print one JSON line with bucket, key, etag, size, parts, seconds
  --progress            show progress even when standard error is not a terminal
  --no-progress         never show progress

Sizes are bytes or binary units: 5MiB, 8M, 512K, 1GiB.

Examples:
  tar c dir | jss-stream put backups/dir.tar
  pg_dump db | jss-stream put backups/db.sql --resume db.journal --sha256 --json
  cat big.iso | jss-stream put isos/big.iso --part-size 64MiB --concurrency 8 --size 4GiB
`,
  get: `Usage: jss-stream get <bucket>/<key> [--range A-B] > file

Download an object to standard output. A dropped connection is resumed with a Range
request; a short body or an MD5 mismatch fails (exit 1).

Options:
  --range A-B           bytes A to B inclusive; A- for A to the end

Examples:
  jss-stream get backups/dir.tar | tar x
  jss-stream get logs/big.log --range 0-1023
`,
  ls: `Usage: jss-stream ls <bucket>[/prefix]

List the objects of a bucket, one per line: last modified, size, key.

Examples:
  jss-stream ls backups
  jss-stream ls backups/2024/
`,
  uploads: `Usage: jss-stream uploads <bucket>[/prefix]

List open (unfinished) multipart uploads, one per line: initiated, upload id, key.

Examples:
  jss-stream uploads backups
`,
  abort: `Usage: jss-stream abort <bucket>/<key> <uploadId>
       jss-stream abort --all <bucket>[/prefix]

Abort an open multipart upload and free its parts; --all aborts every one under the prefix.

Options:
  --all                 abort every open upload in the bucket (under the prefix)

Examples:
  jss-stream abort backups/dir.tar 4f1c8a
  jss-stream abort --all backups/tmp/
`,
  mb: `Usage: jss-stream mb <bucket>

Create a bucket.

Examples:
  jss-stream mb backups
`,
  rb: `Usage: jss-stream rb <bucket>

Delete a bucket. It must be empty: remove its objects (jss-stream ls, jss-stream rm) and abort its
open multipart uploads (jss-stream abort --all) first; otherwise nothing is deleted and the exit
status is 1.

Examples:
  jss-stream rb old-backups
`,
  rm: `Usage: jss-stream rm <bucket>/<key>

Delete an object.

Examples:
  jss-stream rm backups/old.tar
`,
  presign: `Usage: jss-stream presign <bucket>/<key> [--expires 1h] [--method GET|PUT] [--content-type T]

Print a presigned URL (only the URL goes to standard output). No network call is made.

Options:
  --expires DURATION    validity from now: seconds or 15m, 1h, 7d (default 1h)
  --method METHOD       GET (default) or PUT
  --content-type TYPE   for PUT: the Content-Type the uploader must send

Examples:
  curl "$(jss-stream presign backups/dir.tar --expires 15m)" | tar t
  curl -T file "$(jss-stream presign inbox/file --method PUT)"
`,
  completion: `Usage: jss-stream completion bash|zsh|fish

Print a completion script for the shell: commands, their options, and profile names.

Options:
  --profiles            print the profile names, one a line (what the scripts complete
                        --profile with)

Install:
  bash   source <(jss-stream completion bash)             # in ~/.bashrc
  zsh    jss-stream completion zsh > ~/.zfunc/_jss-stream  # with, in ~/.zshrc, before compinit:
         fpath=(~/.zfunc $fpath); autoload -U compinit && compinit
  fish   jss-stream completion fish > ~/.config/fish/completions/jss-stream.fish

Examples:
  source <(jss-stream completion bash)
`,
}

/** The help of a command (with the connection options), or the general help. */
export function helpText(command?: CommandName): string {
  if (command === undefined) return general
  return `${commands[command]}\n${connection}\n`
}

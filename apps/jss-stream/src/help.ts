/** The commands of the CLI. */
export const commandNames = [
  'put',
  'get',
  'stat',
  'ls',
  'uploads',
  'abort',
  'mb',
  'rb',
  'rm',
  'presign',
  'config',
  'completion',
] as const
/** One of {@link commandNames}. */
export type CommandName = (typeof commandNames)[number]

const connection = `Connection (each setting: flag, else environment, else profile, else default):
  --endpoint URL        endpoint (env JSS_ENDPOINT), e.g. https://s-bj.jcloud.com
  --region REGION       JSS: cn-north-1, cn-east-2 or cn-south-1 instead of --endpoint; S3: the
                        signing region (default: from the endpoint's host, else us-east-1), and
                        without --endpoint JD Cloud's s3.REGION.jdcloud-oss.com for cn-north-1,
                        cn-east-1, cn-east-2, cn-south-1 (env JSS_REGION)
  --dialect NAME        jss, s3 or auto (env JSS_DIALECT; default auto: s3 for *.jdcloud-oss.com,
                        *.amazonaws.com and R2 endpoints, or with only AWS_ENDPOINT_URL set; else
                        jss). In the S3 dialect AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
                        AWS_REGION and AWS_ENDPOINT_URL are read when the JSS_ ones are unset
  --access-key KEY      access key (env JSS_ACCESS_KEY)
  --secret-key SECRET   secret key (env JSS_SECRET_KEY); prefer a file or the environment
  --secret-key-file F   read the secret key from the first line of F (env JSS_SECRET_KEY_FILE)
  --addressing STYLE    auto (default), virtual-host or path (env JSS_ADDRESSING)
  --timeout DURATION    per attempt: how long to wait for an answer or for body progress
                        (env JSS_TIMEOUT; default 60s); 6 attempts per request; get also
                        drops and resumes a body slower than 1 KiB/s over each such window
  --profile NAME        profile of the config file (env JSS_PROFILE; default: default)
  --config FILE         config file (env JSS_CONFIG_FILE; default
                        $XDG_CONFIG_HOME/jss-stream/config, else ~/.config/jss-stream/config)
  --verbose             log every request (method, resource, status, request id, attempt)
  --debug               print stack traces
  -q, --quiet           no progress and no informational lines on stderr; errors still shown
  -h, --help            this help (ls: --help only; -h is --human-readable there)`

const general = `jss-stream: stream data into JD Cloud JSS (or any S3 store) through multipart upload.

Usage: jss-stream <command> [options]

Commands:
  put <bucket>/<key>               upload standard input
  get <bucket>/<key>               download to standard output (-o FILE: to a file)
  stat <bucket>/<key>              show an object's size, ETag, type, date and metadata
  ls [<bucket>[/prefix]]           list buckets, or objects (and prefixes, like aws s3 ls)
  uploads <bucket>[/prefix]        list open multipart uploads
  abort <bucket>/<key> <uploadId>  abort an upload (--all <bucket>[/prefix]: every one)
  mb <bucket>                      create a bucket
  rb <bucket>                      delete an empty bucket
  rm <bucket>/<key>...             delete objects
  presign <bucket>/<key>           print a presigned URL
  config                           show the settings in effect and where each comes from
  completion bash|zsh|fish         print a shell completion script

Examples:
  tar c dir | jss-stream put backups/dir.tar
  jss-stream get backups/dir.tar | tar t
  jss-stream get backups/dir.tar -o dir.tar
  jss-stream --profile backup ls jss://backups/2024/

Addresses: bucket/key or jss://bucket/key; the key is everything after the first "/".

Config file: INI sections per profile, [default] and [profile NAME] (or [NAME]), with the keys
endpoint, region, access_key, secret_key, addressing, timeout, dialect; e.g.
  [profile backup]
  endpoint = https://s-bj.jcloud.com
  access_key = AKID...
  secret_key = ...      (chmod 600 the file)

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
  get: `Usage: jss-stream get <bucket>/<key> [--range A-B|A-|-N] [-o FILE] [options]

Download an object to standard output, or with -o to a file, in order, with parallel ranged
GETs: along the part schedule put recorded (so that the multipart ETag is verified from the part
MD5s, hashed in worker threads), or in 8 MiB ranges. An object of one part is one GET. A dropped
connection is resumed from the byte reached; a short body or an MD5 mismatch fails (exit 1).
Memory stays under (concurrency + 1) x part size. Standard output must not be a terminal: use
-o FILE, redirect or pipe it (-o - writes to it anyway).

Options:
  --range A-B           bytes A to B inclusive; A- for A to the end; -N for the last N bytes
                        (--range=-N or --range -N); a range is not verified (the ETag is the
                        whole object's)
  --concurrency N       ranged GETs in flight (default 4)
  --no-verify           do not hash the body (the size is still checked)
  -o, --output FILE     write to FILE: to a temporary file beside it, renamed to FILE on success and
                        removed on failure or interruption; each range is written at its offset as
                        it arrives (in order with --sha256); -o - is standard output
  --sha256              compute the SHA-256 of the body: printed as "HEX  bucket/key" (or in --json)
  --json                print one JSON line with bucket, key, etag, size, seconds, verified (md5,
                        parts, size or none), file, sha256: on standard output with -o FILE,
                        on standard error otherwise
  --progress            show progress even when standard error is not a terminal
  --no-progress         never show progress

Examples:
  jss-stream get backups/dir.tar | tar x
  jss-stream get backups/dir.tar -o dir.tar --sha256
  jss-stream get logs/big.log --range 0-1023
  jss-stream get logs/big.log --range -500 -o -
  jss-stream get backups/dir.tar --concurrency 8 --no-verify > dir.tar
`,
  stat: `Usage: jss-stream stat <bucket>/<key> [--json]

Show an object's size, ETag, content type, last modified, storage class and user metadata
(a HEAD request; the body is not read).

Options:
  --json                print one JSON object: bucket, key, size, etag, contentType, lastModified,
                        storageClass, metadata

Examples:
  jss-stream stat backups/dir.tar
  jss-stream stat backups/dir.tar --json | jq .size
`,
  ls: `Usage: jss-stream ls [<bucket>[/prefix]] [--recursive] [-h] [--json]

Without an argument, list the buckets (creation date, name; --json: {"bucket","creationDate"}).
With one, list a bucket like aws s3 ls: the objects directly under the prefix, one per line (last modified,
size, key), and each deeper "directory" once as "PRE name/". A prefix without a trailing / also
matches keys that merely start with it.

Options:
  --recursive           every object under the prefix, no PRE lines
  -h, --human-readable  sizes as 1.5 KiB, 12.0 MiB (ls --help for this help)
  --json                one JSON object per line: {"key","size","etag","lastModified",
                        "storageClass"} for an object, {"prefix"} for a PRE line

Examples:
  jss-stream ls
  jss-stream ls backups
  jss-stream ls backups/2024/ -h
  jss-stream ls backups --recursive --json | jq -r .key
`,
  uploads: `Usage: jss-stream uploads <bucket>[/prefix] [--json]

List open (unfinished) multipart uploads, one per line: initiated, upload id, key.

Options:
  --json                one JSON object per line: {"key","uploadId","initiated"}

Examples:
  jss-stream uploads backups
  jss-stream uploads backups --json | jq -r .uploadId
`,
  abort: `Usage: jss-stream abort <bucket>/<key> <uploadId>
       jss-stream abort --all [--older-than DURATION] <bucket>[/prefix]

Abort an open multipart upload and free its parts; --all aborts every one under the prefix.

Options:
  --all                 abort every open upload in the bucket (under the prefix)
  --older-than DURATION with --all: only uploads initiated more than DURATION ago
                        (seconds or 15m, 24h, 7d)

Examples:
  jss-stream abort backups/dir.tar 4f1c8a
  jss-stream abort --all backups/tmp/
  jss-stream abort --all --older-than 24h backups
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
  rm: `Usage: jss-stream rm <bucket>/<key>... [--force]

Delete objects; each argument is a <bucket>/<key>. A missing key is an error that names it (exit 1),
and the other keys are still deleted.

Options:
  -f, --force           a missing key is not an error

Examples:
  jss-stream rm backups/old.tar
  jss-stream rm backups/a.tar backups/b.tar logs/c.log --force
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
  config: `Usage: jss-stream config [--profile NAME] [--json]

Print the connection settings in effect (the secret key masked, e.g. ****abcd) and where each
comes from: flag, env JSS_..., profile NAME in FILE, or default. No network call is made.

Options:
  --json                print one JSON object: {"endpoint":{"value":...,"source":...},...}

Examples:
  jss-stream config
  jss-stream config --profile backup --json
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

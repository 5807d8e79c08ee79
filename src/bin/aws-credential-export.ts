// Claude Code's awsCredentialExport command: prints the credentials file the action keeps fresh.
// It is its own tiny bundle, so the CLI pays no more than a bare Node start for each call.
import { readFileSync } from 'node:fs'

const file = process.argv[2]
if (!file) {
  process.stderr.write('usage: aws-credential-export.js <credentials file>\n')
  process.exit(2)
}
process.stdout.write(readFileSync(file, 'utf8'))

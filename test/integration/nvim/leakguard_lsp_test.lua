-- Neovim 0.7 headless as a second real LSP client of `leakguard-language-server --stdio`.
-- Run by test/integration/nvim/run-nvim.mjs:
--   LEAKGUARD_SERVER=/abs/dist/server.js LEAKGUARD_ROOT=/abs/copy-of-fixture-workspace \
--     nvim --headless --clean -u NONE -c 'luafile leakguard_lsp_test.lua'
-- Prints "ok - <check>" / "not ok - <check>: <why>" per check, then PASS or FAIL;
-- exit code 0 = all checks passed. Recipe: shared/realclient/README.md §3
-- (0.7: no vim.lsp.start, no nvim -l; rebuild the LSP Diagnostic for codeAction;
-- io.write, not print, for stdout).
local function out(...) io.write(string.format(...) .. '\n'); io.flush() end
local failures, passes = 0, 0
local function check(name, fn)
  local t = vim.loop.hrtime()
  local ok, err = pcall(fn)
  local ms = (vim.loop.hrtime() - t) / 1e6
  if ok then passes = passes + 1; out('ok - %s (%.0f ms)', name, ms)
  else failures = failures + 1; out('not ok - %s: %s', name, tostring(err)) end
  return ok
end

local server = assert(os.getenv('LEAKGUARD_SERVER'), 'set LEAKGUARD_SERVER')
local root = assert(os.getenv('LEAKGUARD_ROOT'), 'set LEAKGUARD_ROOT')
local WAIT = tonumber(os.getenv('LEAKGUARD_WAIT_MS') or '20000')
local client_id, exit_code

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local function ours(bufnr, rule)
  local r = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'leakguard' and (rule == nil or code_of(d) == rule) then table.insert(r, d) end
  end
  return r
end
local function describe(bufnr)
  local s = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(s, string.format('%s/%s %d:%d %s', d.source, tostring(code_of(d)), d.lnum, d.col, d.message))
  end
  return #s > 0 and table.concat(s, '; ') or '(none)'
end
local function open(rel, filetype)
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. rel))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = filetype -- the languageId of didOpen
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr
end
local function wait_diag(bufnr, rule)
  if not vim.wait(WAIT, function() return #ours(bufnr, rule) > 0 end, 20) then
    error(string.format('no %s diagnostic within %d ms; have: %s', rule, WAIT, describe(bufnr)))
  end
  return ours(bufnr, rule)[1]
end
local function wait_cleared(bufnr, rule)
  if not vim.wait(WAIT, function() return #ours(bufnr, rule) == 0 end, 20) then
    error(string.format('%s still reported after the fix: %s', rule, describe(bufnr)))
  end
end
-- 0.7 keeps only code/data/tags in user_data.lsp: rebuild the LSP Diagnostic
local function lsp_diag(d)
  return vim.tbl_extend('force', (d.user_data and d.user_data.lsp) or {}, {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    message = d.message, source = d.source, severity = d.severity, code = code_of(d),
  })
end
local function actions_for(bufnr, d)
  local ld = lsp_diag(d)
  local res, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = ld.range, context = { diagnostics = { ld } },
  }, WAIT)
  if not res then error('codeAction request failed: ' .. tostring(err)) end
  local r = res[client_id]
  if r.err then error('codeAction error: ' .. vim.inspect(r.err)) end
  return r.result or {}
end
local function titles(actions)
  local t = {}
  for _, a in ipairs(actions) do table.insert(t, a.title) end
  return table.concat(t, ' | ')
end
local function apply(bufnr, action)
  local client = vim.lsp.get_client_by_id(client_id)
  if not action.edit and not action.command and action.data then -- resolve lazily computed edits
    local res = vim.lsp.buf_request_sync(bufnr, 'codeAction/resolve', action, WAIT)
    action = res and res[client_id] and res[client_id].result or action
  end
  if action.edit then vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding) end
  local cmd = type(action.command) == 'table' and action.command or (type(action.command) == 'string' and action) or nil
  if cmd then
    local res = vim.lsp.buf_request_sync(bufnr, 'workspace/executeCommand', { command = cmd.command, arguments = cmd.arguments }, WAIT)
    if not res then error('executeCommand ' .. cmd.command .. ' failed') end
  end
  if not action.edit and not cmd then error('code action "' .. action.title .. '" has neither edit nor command') end
end

local t0 = vim.loop.hrtime()
check('server starts over stdio and initializes', function()
  client_id = vim.lsp.start_client({
    name = 'leakguard',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    on_exit = function(code, signal) exit_code = code; out('# server exited code=%s signal=%s', code, signal) end,
  })
  assert(client_id, 'start_client returned nil')
  assert(vim.wait(WAIT, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end, 20), 'server did not initialize')
  local caps = vim.lsp.get_client_by_id(client_id).server_capabilities
  assert(caps.codeActionProvider, 'server has no codeActionProvider')
end)

local pkg
check('diagnostics arrive on leaky-cli/package.json (publish-missing-files-allowlist, source leakguard)', function()
  assert(client_id, 'no client')
  pkg = open('leaky-cli/package.json', 'json')
  local d = wait_diag(pkg, 'publish-missing-files-allowlist')
  out('# DIAG %d:%d-%d:%d [%s] %s', d.lnum, d.col, d.end_lnum, d.end_col, vim.diagnostic.severity[d.severity], d.message)
  out('# first diagnostics after %.0f ms', (vim.loop.hrtime() - t0) / 1e6)
end)

check('quick fix "Add a \\"files\\" allowlist" applies and the diagnostic clears', function()
  assert(pkg, 'package.json not open')
  local d = wait_diag(pkg, 'publish-missing-files-allowlist')
  local actions = actions_for(pkg, d)
  local fix
  for _, a in ipairs(actions) do if vim.startswith(a.title, 'Add a "files" allowlist') then fix = a end end
  assert(fix, 'no "Add a \\"files\\" allowlist" action; got: ' .. titles(actions))
  out('# ACTION %q preferred=%s', fix.title, tostring(fix.isPreferred))
  apply(pkg, fix)
  local text = table.concat(vim.api.nvim_buf_get_lines(pkg, 0, -1, false), '\n')
  assert(text:find('"files"', 1, true), 'buffer has no "files" after the fix:\n' .. text)
  wait_cleared(pkg, 'publish-missing-files-allowlist')
end)

check('"Disable prompt-system-prompt-literal for this line" inserts the comment and the diagnostic clears', function()
  assert(client_id, 'no client')
  local buf = open('prompt-app/src/prompt.ts', 'typescript')
  local d = wait_diag(buf, 'prompt-system-prompt-literal')
  local actions = actions_for(buf, d)
  local dis
  for _, a in ipairs(actions) do if a.title == 'Disable prompt-system-prompt-literal for this line' then dis = a end end
  assert(dis, 'no disable action; got: ' .. titles(actions))
  apply(buf, dis)
  local above = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  assert(above and above:find('// leakguard-disable-next-line prompt-system-prompt-literal', 1, true),
    'no disable comment above the flagged line, found: ' .. tostring(above))
  wait_cleared(buf, 'prompt-system-prompt-literal')
end)

check('server shuts down cleanly', function()
  assert(client_id, 'no client')
  vim.lsp.stop_client(client_id)
  assert(vim.wait(WAIT, function() return exit_code ~= nil end, 20), 'server did not exit after shutdown/exit')
  assert(exit_code == 0, 'server exit code ' .. tostring(exit_code))
end)

out('# %d passed, %d failed in %.0f ms', passes, failures, (vim.loop.hrtime() - t0) / 1e6)
if failures > 0 then out('FAIL'); vim.cmd('cquit 1') else out('PASS'); vim.cmd('qall!') end

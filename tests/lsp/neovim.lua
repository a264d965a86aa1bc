-- Headless Neovim (0.7) as a corolint user runs it: attach `corolint lsp` to a coroutine source,
-- wait for its diagnostics, apply the offered fix, save, and wait for that diagnostic to go.
-- What it saw goes to $COROLINT_OUT as JSON, which tests/lsp/NeovimTest.cpp checks.
-- Waits are generous: they only catch a server that hangs.
local binary = os.getenv('COROLINT_BINARY')
local project = os.getenv('COROLINT_PROJECT')
local out = os.getenv('COROLINT_OUT')
local patience = 600000

local seen = { published = 0 }

local function finish(ok, problem)
  seen.ok = ok
  seen.problem = problem
  vim.fn.writefile({ vim.fn.json_encode(seen) }, out)
  vim.cmd(ok and 'qall!' or 'cquit! 1')
end

local function basename(uri) return vim.fn.fnamemodify(vim.uri_to_fname(uri), ':t') end

-- The diagnostics as the test checks them: rule, 1-based line, the chain's places.
local function summarise(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics) do
    local chain = {}
    for _, r in ipairs(d.relatedInformation or {}) do
      table.insert(chain, basename(r.location.uri) .. ':' .. (r.location.range.start.line + 1))
    end
    table.insert(list, { code = d.code, line = d.range.start.line + 1, source = d.source, chain = chain,
                         message = d.message })
  end
  return list
end

local function run()
  local file = project .. '/src/handlers.cpp'
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local latest = nil -- the last diagnostics published for the file
  local client_id = vim.lsp.start_client({
    name = 'corolint',
    cmd = { binary, 'lsp' },
    root_dir = project,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and result.uri == uri then
          latest = result.diagnostics
          seen.published = seen.published + 1
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  if not client_id then return finish(false, 'vim.lsp.start_client failed') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  if not vim.wait(patience, function() return latest ~= nil end, 50) then
    return finish(false, 'no diagnostics after opening the file')
  end
  seen.before = summarise(latest)
  -- What Neovim itself shows (vim.diagnostic), to know the client took them.
  seen.shown = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(seen.shown, { line = d.lnum + 1, source = d.source })
  end

  local sleep = nil
  for _, d in ipairs(latest) do
    if d.message:find('sleep_for', 1, true) then sleep = d end
  end
  if not sleep then return finish(false, 'no diagnostic for the sleep') end
  local params = { textDocument = { uri = uri }, range = sleep.range, context = { diagnostics = { sleep } } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, patience)
  local reply = responses and responses[client_id]
  if not reply or reply.err or not reply.result then return finish(false, 'no answer to codeAction') end
  seen.actions = {}
  local fix = nil
  for _, action in ipairs(reply.result) do
    table.insert(seen.actions, action.title)
    if action.isPreferred then fix = action end
  end
  if not fix then return finish(false, 'no preferred code action') end
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  seen.fixed_line = vim.api.nvim_buf_get_lines(bufnr, sleep.range.start.line, sleep.range.start.line + 1, false)[1]

  local published = seen.published
  vim.cmd('write')
  local cleared = vim.wait(patience, function()
    if seen.published == published then return false end
    for _, d in ipairs(latest) do
      if d.message:find('sleep_for', 1, true) then return false end
    end
    return true
  end, 50)
  if not cleared then return finish(false, 'the fixed diagnostic did not go after the save') end
  seen.after = summarise(latest)
  vim.lsp.stop_client(client_id)
  finish(true, nil)
end

local ok, problem = pcall(run)
if not ok then finish(false, 'Lua error: ' .. tostring(problem)) end

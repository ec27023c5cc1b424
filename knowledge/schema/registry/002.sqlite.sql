-- Each source's full text as it was loaded, so that a scope can be exported and imported
-- (`factdesk export`): the passages alone lose the whitespace between them. Sources loaded
-- before this version have NULL until they are loaded again.
ALTER TABLE sources ADD COLUMN text TEXT;

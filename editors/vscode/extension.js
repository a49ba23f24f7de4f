// The VS Code client of sladsl: starts `sladsl lsp` for .sla files, and opens the preview.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function sladslCommand() {
  return vscode.workspace.getConfiguration("sladsl").get("command") || "sladsl";
}

function startClient(context) {
  const serverOptions = {
    command: sladslCommand(),
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [{ language: "sla" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.sla") },
  };
  client = new LanguageClient("sladsl", "sladsl", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("sladsl.restart", async () => {
      if (client) {
        await client.stop();
      }
      await startClient(context);
    }),
    vscode.commands.registerCommand("sladsl.preview", () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== "sla") {
        vscode.window.showWarningMessage("Open a .sla file to preview its contract.");
        return;
      }
      // The preview is a local web page; the terminal shows its address and keeps it running.
      const terminal = vscode.window.createTerminal({
        name: "sladsl preview",
        shellPath: sladslCommand(),
        shellArgs: ["preview", "--open", editor.document.uri.fsPath],
      });
      terminal.show(true);
    }),
  );
  return startClient(context);
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

/**
 * Offers a file to the browser's download, named as given. The object URL is released a moment later: released at
 * once, some browsers cancel the download they have just begun.
 */
export function saveFile(file: Blob, fileName: string) {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

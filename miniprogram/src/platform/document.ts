/**
 * Open a file the API serves behind the bearer token (an issued invoice's
 * PDF). Mini-programs download it with the header and open it in the
 * platform's document viewer; H5 fetches it and opens the blob in a tab
 * (a plain link could not carry the header).
 */
export function openAuthorizedPdf(url: string, headers: Record<string, string>) {
  return new Promise<void>((resolve, reject) => {
    // #ifdef H5
    fetch(url, {headers})
      .then((res) => {
        if (!res.ok) throw new Error("发票文件下载失败");
        return res.blob();
      })
      .then((blob) => {
        const link = URL.createObjectURL(blob);
        if (!window.open(link, "_blank")) window.location.href = link;
        resolve();
      })
      .catch(() => reject(new Error("发票文件下载失败")));
    // #endif
    // #ifndef H5
    uni.downloadFile({
      url,
      header: headers,
      success: (res) => {
        if (res.statusCode !== 200) {
          reject(new Error("发票文件下载失败"));
          return;
        }
        uni.openDocument({
          filePath: res.tempFilePath,
          fileType: "pdf",
          showMenu: true,
          success: () => resolve(),
          fail: () => reject(new Error("无法打开发票文件")),
        });
      },
      fail: () => reject(new Error("发票文件下载失败")),
    });
    // #endif
  });
}

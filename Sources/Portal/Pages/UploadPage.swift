/// The upload form: a plain multipart form (works without JavaScript) that a small script turns
/// into drag and drop with a progress bar.
public enum UploadPage {
    public static func render(viewer: Viewer, study: String, maxBytes: Int64) -> String {
        let action = "/studies/\(HTML.segment(study))/upload"
        return HTML.page(
            title: "Upload · \(study)", viewer: viewer,
            body: """
                <h1>Upload to \(HTML.escape(study))</h1>
                <p>Instrument exports of site \(HTML.escape(viewer.site ?? "")): one batch per upload, at most \(maxBytes / 1_048_576) MiB in all.</p>
                <form id="upload" method="post" action="\(action)" enctype="multipart/form-data" class="box">
                <input type="hidden" name="csrf" value="\(HTML.escape(viewer.csrf))">
                <div class="drop" id="drop"><p>Drop export files here, or choose them:</p>
                <input type="file" name="file" id="file" multiple required></div>
                <p><progress id="progress" max="100" value="0" hidden></progress> <span id="status"></span></p>
                <p><button type="submit">Upload</button></p>
                </form>
                """, script: script)
    }

    /// Drag and drop and the progress bar; without JavaScript the form posts normally.
    static let script = """
        (function(){var f=document.getElementById('upload'),d=document.getElementById('drop'),
        i=document.getElementById('file'),p=document.getElementById('progress'),s=document.getElementById('status');
        var dropped=null;
        d.addEventListener('dragover',function(e){e.preventDefault();d.classList.add('over');});
        d.addEventListener('dragleave',function(){d.classList.remove('over');});
        d.addEventListener('drop',function(e){e.preventDefault();d.classList.remove('over');dropped=e.dataTransfer.files;
          i.required=false;s.textContent=dropped.length+' file(s) ready';});
        f.addEventListener('submit',function(e){e.preventDefault();var data=new FormData();
          data.append('csrf',f.elements['csrf'].value);
          var files=dropped||i.files;for(var k=0;k<files.length;k++)data.append('file',files[k],files[k].name);
          var x=new XMLHttpRequest();x.open('POST',f.action);p.hidden=false;
          x.upload.onprogress=function(ev){if(ev.lengthComputable){p.value=100*ev.loaded/ev.total;s.textContent=Math.round(p.value)+' %';}};
          x.upload.onload=function(){s.textContent='checking the files…';};
          x.onload=function(){if(x.responseURL&&x.responseURL.indexOf('/batches/')>0){location.href=x.responseURL;}
            else{document.open();document.write(x.responseText);document.close();}};
          x.onerror=function(){s.textContent='upload failed';};x.send(data);});})();
        """
}

# The Python part of the Voila configuration: Voila reads voila.py and voila.json from this folder
# (`--Voila.config_file_paths`). voila.json holds the settings; this file only wires in the small server
# classes of cx_voila_server.py (404, not 500, for two URLs; see that file's docstring).
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

c = get_config()  # noqa: F821 (defined by traitlets when it runs a config file)
c.Voila.identity_provider_class = "cx_voila_server.CourseIdentityProvider"

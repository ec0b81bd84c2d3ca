// Which files are Dockerfiles: VS Code's own `dockerfile` language names plus the patterns this
// extension adds in package.json. Check Workspace searches with the glob.
export const DOCKERFILE_GLOB = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*,Containerfile*,*.containerfile}';
export const EXCLUDE_GLOB = '**/{node_modules,.git,.tools,out,dist}/**';
